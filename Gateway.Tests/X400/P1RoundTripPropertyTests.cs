using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.X400;
using static Gateway.Tests.X400.P1Generators;

namespace Gateway.Tests.X400;

/// <summary>encode ∘ decode is the identity for generated messages, reports and addresses.</summary>
public sealed class P1RoundTripPropertyTests
{
    private static readonly Gen<P1Recipient> Recipient =
        from address in Addresses
        from conversion in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, X411.UbIntegerOptions).Select(c => (int?)c))
        from extensions in ExtensionLists
        select new P1Recipient(new OrName(address), 0, PerRecipientIndicators.Responsibility) { ExplicitConversion = conversion, Extensions = extensions };

    private static readonly Gen<P1Message> Messages =
        from originator in Addresses
        from recipients in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Recipient, n))
        from local in Text(1, 32)
        from builtIn in Gen.OneOf(Gen.Constant<int?>(null), Gen.Elements<int?>(0, 2, 22, 35))
        from priority in Gen.Elements(Priority.Normal, Priority.NonUrgent, Priority.Urgent)
        from indicators in Gen.Choose(0, 255)
        from deferred in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), Times.Select(t => (DateTimeOffset?)t))
        from extensions in ExtensionLists
        from trace in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(TraceElements, n))
        from contentLength in Gen.Choose(0, 2000)
        let domain = new GlobalDomainIdentifier(originator.Country!, originator.AdministrationDomain!, originator.PrivateDomain)
        select new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, local.Trim().Length == 0 ? "x" : local.Trim()),
            Originator = new OrName(originator),
            OriginalEncodedInformationTypes = builtIn is null ? new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [X400Oids.EitSignedX400]) : null,
            ContentType = builtIn is { } n ? X400ContentType.FromBuiltIn(n) : X400ContentType.FromOid(X400Oids.ContentInfo),
            Priority = priority,
            PerMessageIndicators = (PerMessageIndicators)indicators,
            DeferredDeliveryTime = deferred,
            Extensions = extensions,
            Trace = trace,
            Recipients = [.. recipients.Select((r, i) => r with { OriginallySpecifiedRecipientNumber = i + 1 })],
        }, Enumerable.Range(0, contentLength).Select(i => (byte)i).ToArray());

    public static Arbitrary<P1Message> P1Messages() => Messages.ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool Encode_then_decode_is_the_identity(P1Message message) =>
        MtsApduCodec.Decode(MtsApduCodec.Encode(message)).Equals(message);

    [Property(MaxTest = 300, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool Every_extension_value_comes_back_octet_for_octet(P1Message message)
    {
        var decoded = MtsApduCodec.Decode(MtsApduCodec.Encode(message)).Envelope;
        return SameOctets(message.Envelope.Extensions, decoded.Extensions)
            && message.Envelope.Recipients.Zip(decoded.Recipients).All(pair => SameOctets(pair.First.Extensions, pair.Second.Extensions));

        static bool SameOctets(IReadOnlyList<P1Extension> sent, IReadOnlyList<P1Extension> received) =>
            sent.Count == received.Count
            && sent.All(s => P1Extension.Find(received, s.Type) is { } r
                && r.Criticality == s.Criticality
                && (s.Value is null ? r.Value is null : r.Value is not null && r.Value.Encoding.Span.SequenceEqual(s.Value.Encoding.Span)));
    }

    public static Arbitrary<P1Report> P1Reports() => P1Generators.Reports.ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool A_report_survives_encode_then_decode(P1Report report) =>
        MtsApduCodec.DecodeApdu(MtsApduCodec.Encode(report)).Equals(report);

    public static Arbitrary<OrAddress> OrAddresses() => Addresses.ToArbitrary();

    [Property(MaxTest = 500, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool An_address_survives_both_string_forms_and_BER(OrAddress address) =>
        OrAddress.Parse(address.ToString()).Equals(address)
        && OrAddress.Parse(address.ToRfc1685String()).Equals(address)
        && MtsApduCodec.DecodeOrName(MtsApduCodec.EncodeOrName(new OrName(address))).Address.Equals(address);
}
