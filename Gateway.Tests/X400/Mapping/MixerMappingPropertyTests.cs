using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Tests.X400.Mapping;

/// <summary>
/// Both round trips over generated mailboxes and O/R addresses, with a table whose prefixes nest
/// (/PRMD=Acme/… and /O=Sales/PRMD=Acme/…) and whose domains nest across sides (example.com and lab.example.com).
/// "The same" is what <see cref="MixerMapping"/> documents: domains and attribute values without regard to case.
/// </summary>
public sealed class MixerMappingPropertyTests
{
    private static readonly MixerMapping Mapper = new(OrAddress.Parse("/O=GW/PRMD=Example/ADMD= /C=XX/"), ["x400.example", "second.example"],
    [
        new MappingRule("acme.co.uk", OrAddress.Parse("/PRMD=Acme/ADMD= /C=GB/")),
        new MappingRule("sales.example.net", OrAddress.Parse("/O=Sales/PRMD=Acme/ADMD= /C=GB/")),
        new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
        new MappingRule("lab.example.com", OrAddress.Parse("/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/")),
    ]);

    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string NameChars = Letters + "0123456789'-+=?";
    private const string Atext = Letters + "0123456789!#$%&'*+-/=?^_`{|}~";
    private const string Printable = Letters + "0123456789 '()+,-./:=?";

    private static Gen<string> From(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);

    private static Gen<string?> Maybe(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    private static string RandomCase(string s, int seed) =>
        new([.. s.Select((c, i) => ((seed >> (i % 30)) & 1) == 1 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))]);

    // ---- mailboxes ----

    private static readonly Gen<string> PersonalLocalParts =
        from given in Maybe(From(Letters, 2, 10))
        from initials in From(Letters, 0, 3)
        from surname in From(NameChars, 1, 12)
        select string.Join('.', new[] { given }.OfType<string>().Concat(initials.Select(c => c.ToString())).Append(surname));

    private static readonly Gen<string> LocalParts = Gen.OneOf(
        PersonalLocalParts,
        PersonalLocalParts.Select(p => p.Replace('.', ' ')),             // a quoted surname with blanks
        Gen.ArrayOf(From(Atext, 1, 6), 2).Select(a => string.Join('.', a)), // any dot-atom, often no personal name
        From(Printable + "\"\\_@!%", 1, 12));                                // quoted strings of every kind

    private static readonly Gen<string> Labels = Gen.Elements("sales", "LONDON", "x-1", "a1", "desk", "b", new string('q', 33), "Lab", "lab");

    private static readonly Gen<string> Domains = Gen.OneOf(
        from suffix in Gen.Elements("acme.co.uk", "sales.example.net", "example.com", "lab.example.com", "ACME.CO.UK", "Example.Com")
        from count in Gen.Choose(0, 5)
        from labels in Gen.ArrayOf(Labels, count)
        select string.Join('.', labels.Append(suffix)),
        Gen.Elements("x400.example", "X400.Example", "example.org", "mail.example.org", "notacme.co.uk", "[192.0.2.1]"));

    private static readonly Gen<string> Mailboxes =
        from local in LocalParts
        from domain in Domains
        // Documented aliases are not round trips: std-or-address local parts at a local domain.
        where !(local.StartsWith('/') && domain.Equals("x400.example", StringComparison.OrdinalIgnoreCase))
        select FormatLocalPart(local) + "@" + domain;

    private static string FormatLocalPart(string value) =>
        IsDotAtom(value) ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool IsDotAtom(string s) => s.Split('.').All(atom => atom.Length > 0 && atom.All(Atext.Contains));

    public static Arbitrary<string> MailboxArbitrary() => Mailboxes.ToArbitrary();

    private static bool SameMailbox(string a, string b)
    {
        var at = a.LastIndexOf('@');
        var bt = b.LastIndexOf('@');
        return at > 0 && bt > 0
            && string.Equals(a[..at], b[..bt], StringComparison.Ordinal)
            && string.Equals(a[(at + 1)..], b[(bt + 1)..], StringComparison.OrdinalIgnoreCase);
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(MixerMappingPropertyTests)])]
    public void A_mailbox_maps_to_an_OR_name_that_maps_back_to_the_same_mailbox(string mailbox)
    {
        if (!Mapper.TryMapSmtpMailbox(mailbox, out var name, out var error))
        {
            // The only mailboxes the mapper may refuse here: those no table entry maps and X.411 bounds cannot carry.
            Assert.EndsWith("DD.RFC-822 is " + Rfc2156Escaping.EncodePrintable(mailbox).Length + " characters long; X.411 allows at most 128", error, StringComparison.Ordinal);
            return;
        }
        var back = Mapper.ToMailbox(name);
        Assert.True(SameMailbox(mailbox, back), $"<{mailbox}> → {name.Address} → <{back}>");

        if (Mapper.IsX400Recipient(mailbox) && Mapper.TryMapX400Recipient(mailbox, out var recipient, out _))
        {
            // One mailbox, one O/R name: as a recipient it is what it is as an originator.
            Assert.Equal(name.Address, recipient.Address);
        }
    }

    // ---- O/R addresses ----

    // The table's prefixes (and the gateway's) twice as often as the others, so that most addresses have a table mapping to test.
    private static readonly Gen<OrAddress> Prefixes = Gen.Elements(
        "/PRMD=Acme/ADMD= /C=GB/", "/O=Sales/PRMD=Acme/ADMD= /C=GB/", "/O=Example/PRMD=Internet/ADMD= /C=US/",
        "/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/", "/O=GW/PRMD=Example/ADMD= /C=XX/",
        "/PRMD=Acme/ADMD= /C=GB/", "/O=Sales/PRMD=Acme/ADMD= /C=GB/", "/O=Example/PRMD=Internet/ADMD= /C=US/",
        "/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/", "/O=GW/PRMD=Example/ADMD= /C=XX/",
        "/ADMD= /C=GB/", "/O=Other/ADMD=ATLAS/C=FR/", "/PRMD=Acme/ADMD=BT/C=GB/", "/ADMD=ICAO/C=XX/").Select(OrAddress.Parse);

    private static readonly Gen<string> BelowValues = Gen.OneOf(Labels, Labels, Labels, Gen.Elements("Desk 7", "a.b", "-x", "Acme Paris"));

    // Mostly values encoded-pn can write, sometimes not (a dot, a blank, a one-letter given name).
    private static readonly Gen<string> Givens = Gen.OneOf(From(Letters, 2, 10), From(Letters, 2, 10), From(NameChars + ". ", 1, 10));
    private static readonly Gen<string> InitialSets = Gen.OneOf(From(Letters, 1, 3), From(Letters, 1, 3), From(Letters + ". ", 1, 3));
    private static readonly Gen<string> Surnames = Gen.OneOf(From(NameChars, 1, 12), From(NameChars, 1, 12), From(Printable, 1, 12));

    private static readonly Gen<OrAddress> Addresses =
        from prefix in Prefixes
        from seed in Gen.Choose(0, int.MaxValue)
        from belowCount in Gen.Choose(0, 3)
        from below in Gen.ArrayOf(BelowValues, belowCount)
        from shape in Gen.Elements(1, 2, 3, 4, 8, 1, 2, 3, 4, 8, 0, 5, 6, 7)
        from given in Givens
        from initials in InitialSets
        from surname in Surnames
        from common in From(Printable, 1, 12)
        from ddaShape in Gen.Elements(3, 3, 3, 3, 3, 0, 1, 2)
        from mailbox in Mailboxes
        from ddaValue in From(Printable, 1, 20)
        let casedPrefix = seed % 3 == 0 ? OrAddress.Parse(RandomCase(prefix.ToString(), seed)) : prefix
        let hierarchy = Extend(casedPrefix, below)
        where hierarchy is not null
        let personal = shape switch
        {
            0 => hierarchy,
            1 => hierarchy with { Surname = surname },
            2 => hierarchy with { GivenName = given, Surname = surname },
            3 => hierarchy with { Initials = initials, Surname = surname },
            4 => hierarchy with { GivenName = given, Initials = initials, Surname = surname },
            5 => hierarchy with { GivenName = given, Surname = surname, GenerationQualifier = "Jr" },
            6 => hierarchy with { CommonName = common },
            7 => hierarchy with { CommonName = common, Surname = surname },
            _ => hierarchy with { GivenName = given, Initials = initials, Surname = surname },
        }
        let address = ddaShape switch
        {
            0 => personal with { DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", Rfc2156Escaping.EncodePrintable(mailbox))] },
            1 => personal with { DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", ddaValue)] },
            2 => personal with { DomainDefinedAttributes = [new DomainDefinedAttribute("ID", ddaValue)] },
            _ => personal,
        }
        where address.TryValidate(out _)
        select address;

    private static OrAddress? Extend(OrAddress prefix, string[] below)
    {
        var organization = prefix.Organization;
        var units = prefix.OrganizationalUnits.ToList();
        foreach (var value in below)
        {
            if (organization is null && units.Count == 0) organization = value;
            else units.Add(value);
        }
        return units.Count > 4 ? null : prefix with { Organization = organization, OrganizationalUnits = units };
    }

    public static Arbitrary<OrAddress> AddressArbitrary() => Addresses.ToArbitrary();

    /// <summary>
    /// The documented alias: an RFC-822 attribute alone on the gateway's address whose mailbox is valid but that is not the
    /// canonical escape of that mailbox, or whose mailbox the table or a local domain maps to another address.
    /// </summary>
    private static bool IsRfc822Alias(OrAddress address, string mailbox) =>
        address.DomainDefinedAttributes is [{ Type: "RFC-822" } dda]
        && SameIgnoringCase(address with { DomainDefinedAttributes = [] }, Mapper.GatewayAddress)
        && Mapper.TryMapSmtpMailbox(mailbox, out var forward, out _)
        && (!string.Equals(Rfc2156Escaping.EncodePrintable(mailbox), dda.Value, StringComparison.OrdinalIgnoreCase)
            || forward.Address.DomainDefinedAttributes.Count == 0);

    private static bool SameIgnoringCase(OrAddress a, OrAddress b) => string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    [Property(MaxTest = 2000, Arbitrary = [typeof(MixerMappingPropertyTests)])]
    public void An_OR_address_maps_to_a_mailbox_that_maps_back_to_the_same_address(OrAddress address)
    {
        var mailbox = Mapper.ToMailbox(new OrName(address));

        Assert.True(Mapper.TryMapSmtpMailbox(mailbox, out var back, out var error), $"{address} → <{mailbox}>: {error}");
        if (IsRfc822Alias(address, mailbox) && !SameIgnoringCase(address, back.Address))
        {
            Assert.True(SameMailbox(mailbox, Mapper.ToMailbox(back)), $"{address} → <{mailbox}> → {back.Address} → <{Mapper.ToMailbox(back)}>");
            return;
        }
        Assert.True(SameIgnoringCase(address, back.Address), $"{address} → <{mailbox}> → {back.Address}");
        if (Mapper.IsX400Recipient(mailbox))
        {
            // An RFC-822 attribute may hold a mailbox at an X.400 domain that no X.400 user can have (j_smith@acme.co.uk):
            // as an originator it comes back; as a recipient it is refused, as every such recipient is.
            // A quoted local part is refusable too when it holds what no personal name can (PrintableString has no '@' or '\'),
            // and so is any such mailbox whose domain the table cannot turn into O/R attributes within X.411's bounds: a
            // 33-character label cannot be an OU (FsCheck seed 12631398353405750749,10961337275133593807), and five labels
            // left of a domain mapped to an O cannot be four OUs (seed 2696159917276283062,14656772750924171005, size 50).
            var local = mailbox[..mailbox.LastIndexOf('@')];
            var unquoted = local.Trim('"');
            var aliased = address.DomainDefinedAttributes is [{ Type: "RFC-822" }] && !mailbox.StartsWith('/');
            var refusable = aliased && (!mailbox.StartsWith('"') || (!unquoted.StartsWith('/') && unquoted.Any(c => !Printable.Contains(c))));
            if (Mapper.TryMapX400Recipient(mailbox, out var recipient, out error)) Assert.Equal(back.Address, recipient.Address);
            else Assert.True(refusable || (aliased && error.Contains(" left of ", StringComparison.Ordinal)), $"{address} → <{mailbox}>: {error}");
        }
    }
}
