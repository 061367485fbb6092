using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>Writers taken back from the per-thread pool encode exactly as new ones, whatever the previous use left behind.</summary>
public sealed class PooledAsnWritersTests
{
    private static void Nested(AsnWriter w)
    {
        using (w.PushSequence())
        {
            w.WriteInteger(7);
            w.WriteEncodedValue(DerSet.Member(inner =>
            {
                using (inner.PushSequence()) inner.WriteCharacterString(UniversalTagNumber.PrintableString, "inner");
            }));
            w.WriteOctetString([1, 2, 3]);
        }
    }

    private static byte[] Fresh(Action<AsnWriter> write)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        write(w);
        return w.Encode();
    }

    [Fact]
    public void Nested_encodings_from_the_pool_are_those_of_new_writers_again_and_again()
    {
        var expected = Fresh(Nested);
        for (var i = 0; i < 3; i++) Assert.Equal(expected, DerSet.Member(Nested));
    }

    [Fact]
    public void A_write_that_failed_with_a_scope_open_or_a_large_one_leaves_nothing_for_the_next()
    {
        Assert.Throws<InvalidOperationException>(() => DerSet.Member(w =>
        {
            w.PushSequence();
            throw new InvalidOperationException("half written");
        }));
        Assert.Equal(Fresh(Nested), DerSet.Member(Nested));

        var large = new byte[200_000];
        Assert.Equal(Fresh(w => w.WriteOctetString(large)), DerSet.Member(w => w.WriteOctetString(large)));
        Assert.Equal(Fresh(w => w.WriteInteger(1)), DerSet.Member(w => w.WriteInteger(1)));
    }

    [Fact]
    public void A_set_is_ordered_by_tag_class_then_number_keeping_the_given_order_of_equal_tags()
    {
        byte[] application6 = [0x46, 0x01, 0x01];
        byte[] application4 = [0x64, 0x02, 0x05, 0x00];
        byte[] context1 = [0x81, 0x01, 0x02];
        byte[] universalInteger = [0x02, 0x01, 0x03];
        byte[] context1Again = [0x81, 0x01, 0x04];
        var w = new AsnWriter(AsnEncodingRules.DER);

        DerSet.Write(w, Asn1Tag.SetOf, [context1, application6, universalInteger, context1Again, application4]);

        Assert.Equal((byte[])[0x31, 0x10, .. universalInteger, .. application4, .. application6, .. context1, .. context1Again], w.Encode());
    }
}
