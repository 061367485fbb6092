using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>encode ∘ decode is the identity for generated envelopes and addresses.</summary>
public sealed class P1RoundTripPropertyTests
{
    private const string Printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-.:?";

    private static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(Printable.ToCharArray()), length)
        // Leading and trailing spaces do not survive the RFC 1685 display form (it trims around ';' and '='),
        // and real values do not carry them; the blank ADMD " " is generated separately.
        let s = new string(chars).Trim()
        where s.Length > 0
        select s;

    private static Gen<string?> Maybe(Gen<string> gen) =>
        Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    private static readonly Gen<OrAddress> Addresses =
        from country in Gen.Elements("GB", "US", "FR", "XX", "276")
        from admd in Gen.OneOf(Gen.Constant(" "), Text(1, 16))
        from prmd in Maybe(Text(1, 16))
        from org in Maybe(Text(1, 64))
        from ous in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Text(1, 32), n))
        from surname in Maybe(Text(1, 40))
        from given in Maybe(Text(1, 16))
        from common in Maybe(Text(1, 64))
        from dda in Maybe(Text(1, 60))
        select new OrAddress
        {
            Country = country,
            AdministrationDomain = admd,
            PrivateDomain = prmd,
            Organization = org,
            OrganizationalUnits = ous,
            Surname = surname,
            GivenName = surname is null ? null : given,
            CommonName = common,
            DomainDefinedAttributes = dda is null ? [] : [new DomainDefinedAttribute("RFC-822", dda)],
        };

    private static readonly Gen<P1Message> Messages =
        from originator in Addresses
        from recipients in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Addresses, n))
        from local in Text(1, 32)
        from builtIn in Gen.OneOf(Gen.Constant<int?>(null), Gen.Elements<int?>(0, 2, 22, 35))
        from priority in Gen.Elements(Priority.Normal, Priority.NonUrgent, Priority.Urgent)
        from indicators in Gen.Choose(0, 255)
        from extensions in Gen.Elements<int[]>([], [3], [3, 23])
        from contentLength in Gen.Choose(0, 2000)
        from seconds in Gen.Choose(0, int.MaxValue)
        let domain = new GlobalDomainIdentifier(originator.Country!, originator.AdministrationDomain!, originator.PrivateDomain)
        select new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, local.Trim().Length == 0 ? "x" : local.Trim()),
            Originator = new OrName(originator),
            OriginalEncodedInformationTypes = builtIn is null ? new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [X400Oids.EitSignedX400]) : null,
            ContentType = builtIn is { } n ? X400ContentType.FromBuiltIn(n) : X400ContentType.FromOid(X400Oids.ContentInfo),
            Priority = priority,
            PerMessageIndicators = (PerMessageIndicators)indicators,
            StandardExtensions = extensions,
            Trace = [new TraceInformationElement(domain, DateTimeOffset.FromUnixTimeSeconds(seconds), RoutingAction.Relayed)],
            Recipients = [.. recipients.Select((r, i) => new P1Recipient(new OrName(r), i + 1, PerRecipientIndicators.Responsibility))],
        }, Enumerable.Range(0, contentLength).Select(i => (byte)i).ToArray());

    public static Arbitrary<P1Message> P1Messages() => Messages.ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool Encode_then_decode_is_the_identity(P1Message message) =>
        MtsApduCodec.Decode(MtsApduCodec.Encode(message)).Equals(message);

    public static Arbitrary<OrAddress> OrAddresses() => Addresses.ToArbitrary();

    [Property(MaxTest = 500, Arbitrary = [typeof(P1RoundTripPropertyTests)])]
    public bool An_address_survives_both_string_forms_and_BER(OrAddress address) =>
        OrAddress.Parse(address.ToString()).Equals(address)
        && OrAddress.Parse(address.ToRfc1685String()).Equals(address)
        && MtsApduCodec.DecodeOrName(MtsApduCodec.EncodeOrName(new OrName(address))).Address.Equals(address);
}
