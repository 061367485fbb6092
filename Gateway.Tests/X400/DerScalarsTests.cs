using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>The P1 encoder's own ENUMERATED, named-bit and identifier writers give exactly what AsnWriter's own methods give.</summary>
public sealed class DerScalarsTests
{
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private static byte[] Encode(Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return writer.Encode();
    }

    [Fact]
    public void Enumerated_values_are_AsnWriters()
    {
        foreach (var value in Enum.GetValues<Priority>())
        {
            Assert.Equal(Encode(w => w.WriteEnumeratedValue(value, P1Tags.Priority)), Encode(w => DerScalars.WriteEnumerated(w, (int)value, P1Tags.Priority)));
        }
        foreach (var value in Enum.GetValues<RoutingAction>())
        {
            Assert.Equal(Encode(w => w.WriteEnumeratedValue(value, Context1)), Encode(w => DerScalars.WriteEnumerated(w, (int)value, Context1)));
        }
    }

    [Fact]
    public void Named_bits_are_AsnWriters_for_every_combination()
    {
        for (var flags = 0; flags < 1 << 10; flags++)
        {
            var eits = (BuiltInEncodedInformationTypes)flags;
            Assert.Equal(Encode(w => w.WriteNamedBitList(eits, Context1)), Encode(w => DerScalars.WriteNamedBits(w, flags, Context1)));
        }
        for (var flags = 0; flags < 1 << 8; flags++)
        {
            var indicators = (PerMessageIndicators)flags;
            Assert.Equal(Encode(w => w.WriteNamedBitList(indicators, P1Tags.PerMessageIndicators)),
                Encode(w => DerScalars.WriteNamedBits(w, flags, P1Tags.PerMessageIndicators)));
        }
        foreach (var criticality in new[] { Criticality.None, Criticality.ForSubmission, Criticality.ForTransfer, Criticality.ForDelivery,
                     Criticality.ForTransfer | Criticality.ForDelivery })
        {
            Assert.Equal(Encode(w => w.WriteNamedBitList(criticality, Context1)), Encode(w => DerScalars.WriteNamedBits(w, (int)criticality, Context1)));
        }
    }

    [Theory]
    [InlineData("2.6.1.10.1")]
    [InlineData("1.2.840.113549.1.7.2")]
    [InlineData("1.3.6.1.4.1.99999.4294967296.18446744073709551616")]
    [InlineData("2.999")]
    public void Identifiers_are_AsnWriters_with_and_without_a_tag_and_the_second_time_too(string oid)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Encode(w => w.WriteObjectIdentifier(oid)), Encode(w => DerScalars.WriteObjectIdentifier(w, oid)));
            Assert.Equal(Encode(w => w.WriteObjectIdentifier(oid, Context1)), Encode(w => DerScalars.WriteObjectIdentifier(w, oid, Context1)));
        }
    }

    [Fact]
    public void Identifiers_beyond_those_kept_are_still_written()
    {
        for (var i = 0; i < 600; i++)
        {
            var oid = $"1.3.6.1.4.1.{i}.7";
            Assert.Equal(Encode(w => w.WriteObjectIdentifier(oid)), Encode(w => DerScalars.WriteObjectIdentifier(w, oid)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("3.1")]
    [InlineData("1.2.")]
    [InlineData("1..2")]
    [InlineData("x.y")]
    public void Text_that_is_no_identifier_is_refused_as_AsnWriter_refuses_it(string text)
    {
        var expected = Record.Exception(() => Encode(w => w.WriteObjectIdentifier(text)));
        var actual = Record.Exception(() => Encode(w => DerScalars.WriteObjectIdentifier(w, text)));
        Assert.NotNull(expected);
        Assert.Equal(expected.GetType(), actual?.GetType());
    }
}
