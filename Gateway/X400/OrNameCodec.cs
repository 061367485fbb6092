using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// BER/DER for X.411 ORName ::= [APPLICATION 0] SEQUENCE { COMPONENTS OF ORAddress, directory-name [0] Name OPTIONAL }.
/// The contents are: built-in-standard-attributes SEQUENCE, built-in-domain-defined-attributes SEQUENCE OF
/// OPTIONAL, extension-attributes SET OF OPTIONAL, then the directory name.
/// </summary>
internal static class OrNameCodec
{
    private const int CommonNameExtensionAttribute = 1;

    /// <param name="tag">[APPLICATION 0] by default; a context tag where a field tags the ORName implicitly (a report's actual-recipient-name [0]).</param>
    public static void Write(AsnWriter w, OrName name, string context, Asn1Tag? tag = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(name.Address, nameof(name) + "." + nameof(name.Address));
        var a = name.Address;
        if (!a.TryValidate(out var error)) throw new ArgumentException($"{context}: {error}", nameof(name));
        using (w.PushSequence(tag ?? P1Tags.OrName))
        {
            using (w.PushSequence())
            {
                if (a.Country is { } c)
                {
                    using (w.PushSequence(P1Tags.CountryName))
                    {
                        w.WriteCharacterString(X411.IsNumericCountry(c) ? UniversalTagNumber.NumericString : UniversalTagNumber.PrintableString, c);
                    }
                }
                if (a.AdministrationDomain is { } admd)
                {
                    // The numeric alternative is never chosen: "0" as PrintableString is still a valid ADMD, and
                    // guessing from the digits would make the encoding depend on the value's content.
                    using (w.PushSequence(P1Tags.AdministrationDomainName)) w.WriteCharacterString(UniversalTagNumber.PrintableString, admd);
                }
                if (a.PrivateDomain is { } prmd)
                {
                    using (w.PushSequence(P1Tags.Context(2, constructed: true))) w.WriteCharacterString(UniversalTagNumber.PrintableString, prmd);
                }
                if (a.Organization is { } o) w.WriteCharacterString(UniversalTagNumber.PrintableString, o, P1Tags.Context(3, constructed: false));
                if (a.Surname is { } s)
                {
                    var members = new List<byte[]> { Printable(s, 0) };
                    if (a.GivenName is { } g) members.Add(Printable(g, 1));
                    if (a.Initials is { } i) members.Add(Printable(i, 2));
                    if (a.GenerationQualifier is { } gq) members.Add(Printable(gq, 3));
                    DerSet.Write(w, P1Tags.Context(5, constructed: true), members);
                }
                if (a.OrganizationalUnits.Count > 0)
                {
                    using (w.PushSequence(P1Tags.Context(6, constructed: true)))
                    {
                        foreach (var ou in a.OrganizationalUnits) w.WriteCharacterString(UniversalTagNumber.PrintableString, ou);
                    }
                }
            }
            if (a.DomainDefinedAttributes.Count > 0)
            {
                using (w.PushSequence())
                {
                    foreach (var dda in a.DomainDefinedAttributes)
                    {
                        using (w.PushSequence())
                        {
                            w.WriteCharacterString(UniversalTagNumber.PrintableString, dda.Type);
                            w.WriteCharacterString(UniversalTagNumber.PrintableString, dda.Value);
                        }
                    }
                }
            }
            if (a.CommonName is { } cn)
            {
                using (w.PushSetOf())
                using (w.PushSequence())
                {
                    w.WriteInteger(CommonNameExtensionAttribute, P1Tags.Context(0, constructed: false));
                    // extension-attribute-value [1] is an open type, and tags on open types are always explicit.
                    using (w.PushSequence(P1Tags.Context(1, constructed: true))) w.WriteCharacterString(UniversalTagNumber.PrintableString, cn);
                }
            }
        }
    }

    private static byte[] Printable(string value, int contextTag) =>
        DerSet.Member(w => w.WriteCharacterString(UniversalTagNumber.PrintableString, value, P1Tags.Context(contextTag, constructed: false)));

    /// <param name="tag">[APPLICATION 0] by default; a context tag where a field tags the ORName implicitly.</param>
    public static OrName Read(BerCursor input, string context, Asn1Tag? tag = null)
    {
        var name = input.ReadConstructed(tag ?? P1Tags.OrName, context, "ORName");
        var address = ReadBuiltInStandardAttributes(name.ReadConstructed(Asn1Tag.Sequence, context, "built-in-standard-attributes"), context);
        if (name.IsNext(Asn1Tag.Sequence, context))
        {
            address = address with { DomainDefinedAttributes = ReadDomainDefinedAttributes(name.ReadConstructed(Asn1Tag.Sequence, context, "built-in-domain-defined-attributes"), context) };
        }
        if (name.IsNext(Asn1Tag.SetOf, context))
        {
            address = address with { CommonName = ReadExtensionAttributes(name.ReadConstructed(Asn1Tag.SetOf, context, "extension-attributes"), context) };
        }
        var hadDirectoryName = false;
        if (name.IsNext(P1Tags.Context(0, constructed: true), context))
        {
            // Name is a CHOICE, so [0] is explicit; its contents (an RDNSequence) are not modelled yet.
            name.Skip(context, "directory-name");
            hadDirectoryName = true;
        }
        name.ExpectEnd(context, "the O/R address and directory name");
        // The X.411 bounds, as the string parser and the encoder keep them: a 10 KB surname would become an SMTP path that no
        // next hop takes, and the message would be retried until it expires instead of being refused now.
        if (!address.TryValidate(out var error)) throw new X400DecodeException($"{context}: {error}");
        return new OrName(address) { HadDirectoryName = hadDirectoryName };
    }

    private static OrAddress ReadBuiltInStandardAttributes(BerCursor bsa, string context)
    {
        string? country = null, admd = null, prmd = null, organization = null;
        string? surname = null, given = null, initials = null, generation = null;
        List<string> ous = [];
        var seen = new HashSet<(TagClass, int)>();
        while (bsa.HasData)
        {
            var at = bsa.Offset;
            var tag = bsa.PeekTag(context);
            if (!seen.Add((tag.TagClass, tag.TagValue)))
            {
                throw new X400DecodeException($"{context}: {BerCursor.Describe(tag)} at offset {at} appears twice in built-in-standard-attributes");
            }
            switch (tag.TagClass, tag.TagValue)
            {
                case (TagClass.Application, 1):
                    country = ReadExplicitDomainString(bsa, P1Tags.CountryName, context, "country-name");
                    break;
                case (TagClass.Application, 2):
                    admd = ReadExplicitDomainString(bsa, P1Tags.AdministrationDomainName, context, "administration-domain-name");
                    break;
                case (TagClass.ContextSpecific, 2):
                    prmd = ReadExplicitDomainString(bsa, P1Tags.Context(2, constructed: true), context, "private-domain-name");
                    break;
                case (TagClass.ContextSpecific, 3):
                    organization = bsa.ReadString(UniversalTagNumber.PrintableString, P1Tags.Context(3, constructed: false), context, "organization-name");
                    break;
                case (TagClass.ContextSpecific, 5):
                    (surname, given, initials, generation) = ReadPersonalName(bsa.ReadConstructed(P1Tags.Context(5, constructed: true), context, "personal-name"), context);
                    break;
                case (TagClass.ContextSpecific, 6):
                    var units = bsa.ReadConstructed(P1Tags.Context(6, constructed: true), context, "organizational-unit-names");
                    while (units.HasData) ous.Add(units.ReadString(UniversalTagNumber.PrintableString, P1Tags.PrintableString, context, "organizational-unit-name"));
                    break;
                // Dropping these would silently change whom the address designates, so they are refused.
                case (TagClass.ContextSpecific, 0):
                    throw Unsupported(context, "network-address [0]", at);
                case (TagClass.ContextSpecific, 1):
                    throw Unsupported(context, "terminal-identifier [1]", at);
                case (TagClass.ContextSpecific, 4):
                    throw Unsupported(context, "numeric-user-identifier [4]", at);
                default:
                    throw new X400DecodeException($"{context}: unexpected {BerCursor.Describe(tag)} at offset {at} in built-in-standard-attributes");
            }
        }
        return new OrAddress
        {
            Country = country,
            AdministrationDomain = admd,
            PrivateDomain = prmd,
            Organization = organization,
            OrganizationalUnits = ous,
            Surname = surname,
            GivenName = given,
            Initials = initials,
            GenerationQualifier = generation,
        };
    }

    /// <summary>The explicitly tagged CHOICE { NumericString, PrintableString } of C, ADMD and PRMD.</summary>
    internal static string ReadExplicitDomainString(BerCursor input, Asn1Tag tag, string context, string name)
    {
        var wrapper = input.ReadConstructed(tag, context, name);
        var value = wrapper.ReadNumericOrPrintable(context, name);
        wrapper.ExpectEnd(context, name);
        return value;
    }

    private static (string Surname, string? Given, string? Initials, string? Generation) ReadPersonalName(BerCursor pn, string context)
    {
        string? surname = null, given = null, initials = null, generation = null;
        var personalNameAt = pn.Offset;
        while (pn.HasData)
        {
            var at = pn.Offset;
            var tag = pn.PeekTag(context);
            string Read(string field) => pn.ReadString(UniversalTagNumber.PrintableString, P1Tags.Context(tag.TagValue, constructed: false), context, field);
            switch (tag.TagClass == TagClass.ContextSpecific ? tag.TagValue : -1)
            {
                case 0 when surname is null: surname = Read("surname"); break;
                case 1 when given is null: given = Read("given-name"); break;
                case 2 when initials is null: initials = Read("initials"); break;
                case 3 when generation is null: generation = Read("generation-qualifier"); break;
                default: throw new X400DecodeException($"{context}: unexpected or repeated {BerCursor.Describe(tag)} at offset {at} in personal-name");
            }
        }
        if (surname is null) throw new X400DecodeException($"{context}: personal-name at offset {personalNameAt} has no surname [0]");
        return (surname, given, initials, generation);
    }

    private static List<DomainDefinedAttribute> ReadDomainDefinedAttributes(BerCursor ddas, string context)
    {
        var list = new List<DomainDefinedAttribute>();
        while (ddas.HasData)
        {
            var dda = ddas.ReadConstructed(Asn1Tag.Sequence, context, "built-in-domain-defined-attribute");
            var type = dda.ReadString(UniversalTagNumber.PrintableString, P1Tags.PrintableString, context, "domain-defined attribute type");
            var value = dda.ReadString(UniversalTagNumber.PrintableString, P1Tags.PrintableString, context, "domain-defined attribute value");
            dda.ExpectEnd(context, "the domain-defined attribute value");
            list.Add(new DomainDefinedAttribute(type, value));
        }
        return list;
    }

    private static string? ReadExtensionAttributes(BerCursor extensions, string context)
    {
        string? commonName = null;
        while (extensions.HasData)
        {
            var attribute = extensions.ReadConstructed(Asn1Tag.Sequence, context, "extension-attribute");
            var typeAt = attribute.Offset;
            var type = attribute.ReadInt32(P1Tags.Context(0, constructed: false), context, "extension-attribute-type");
            if (type != CommonNameExtensionAttribute)
            {
                throw new X400DecodeException($"{context}: extension-attribute type {type} at offset {typeAt} is not supported (only common-name, type 1)");
            }
            if (commonName is not null) throw new X400DecodeException($"{context}: common-name extension-attribute at offset {typeAt} appears twice");
            var value = attribute.ReadConstructed(P1Tags.Context(1, constructed: true), context, "extension-attribute-value");
            commonName = value.ReadString(UniversalTagNumber.PrintableString, P1Tags.PrintableString, context, "common-name");
            value.ExpectEnd(context, "the common-name");
            attribute.ExpectEnd(context, "the extension-attribute-value");
        }
        return commonName;
    }

    private static X400DecodeException Unsupported(string context, string what, int at) =>
        new($"{context}: {what} at offset {at} is not supported");
}
