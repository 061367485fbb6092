using System.Diagnostics.CodeAnalysis;
using Gateway.X400;

namespace Gateway.Relay;

/// <summary>
/// A first, reversible mapping between RFC 822 mailboxes and X.400 O/R names, in the spirit of RFC 2156 without
/// its tables (MIXER mapping tables come later):
/// <list type="bullet">
/// <item>An X.400 recipient <c>given.surname@local-domain</c> is the gateway's own O/R prefix with that personal
/// name; <c>"/G=…/S=…/…/C=…/"@local-domain</c> is the std-or-address written in the local part.</item>
/// <item>An SMTP mailbox becomes the gateway's O/R address with an <c>RFC-822</c> domain-defined attribute, and
/// comes back out of it unchanged.</item>
/// <item>Any other O/R address becomes its std-or-address at the first local domain, so a reply goes back
/// through the gateway.</item>
/// </list>
/// </summary>
public sealed class AddressMapper(OrAddress gatewayAddress, IReadOnlyList<string> localDomains)
{
    public const string Rfc822DdaType = "RFC-822";

    public OrAddress GatewayAddress { get; } = gatewayAddress;

    /// <summary>True when the mailbox's domain is one of the X.400 domains.</summary>
    public bool IsX400Recipient(string mailbox)
    {
        var at = mailbox.LastIndexOf('@');
        return at > 0 && localDomains.Contains(mailbox[(at + 1)..], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Maps a recipient at an X.400 domain to its O/R name.</summary>
    public bool TryMapX400Recipient(string mailbox, [NotNullWhen(true)] out OrName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        var local = mailbox[..mailbox.LastIndexOf('@')];
        if (local.Length > 1 && local[0] == '"' && local[^1] == '"') local = UnquoteLocalPart(local);
        if (local.StartsWith('/'))
        {
            if (!OrAddress.TryParse(local, out var address, out error))
            {
                error = $"the local part is not a valid std-or-address: {error}";
                return false;
            }
            name = new OrName(address);
            return true;
        }
        var parts = local.Split('.');
        var candidate = parts.Length switch
        {
            1 => GatewayAddress with { Surname = parts[0], DomainDefinedAttributes = [] },
            2 => GatewayAddress with { GivenName = parts[0], Surname = parts[1], DomainDefinedAttributes = [] },
            3 => GatewayAddress with { GivenName = parts[0], Initials = parts[1], Surname = parts[2], DomainDefinedAttributes = [] },
            _ => null,
        };
        if (candidate is null)
        {
            error = "the local part is neither surname, given.surname, given.initials.surname nor a /std-or-address/";
            return false;
        }
        if (!candidate.TryValidate(out error))
        {
            error = $"no X.400 personal name can be made of the local part: {error}";
            return false;
        }
        name = new OrName(candidate);
        return true;
    }

    /// <summary>Maps an SMTP originator (or any SMTP mailbox) to an O/R name; the null path maps to the gateway itself.</summary>
    public bool TryMapSmtpMailbox(string mailbox, [NotNullWhen(true)] out OrName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (mailbox.Length == 0)
        {
            name = new OrName(GatewayAddress);
            error = null;
            return true;
        }
        if (IsX400Recipient(mailbox) && TryMapX400Recipient(mailbox, out name, out _))
        {
            error = null;
            return true;
        }
        var candidate = GatewayAddress with { DomainDefinedAttributes = [new DomainDefinedAttribute(Rfc822DdaType, Rfc2156Escaping.EncodePrintable(mailbox))] };
        if (!candidate.TryValidate(out error))
        {
            error = $"<{mailbox}> cannot be carried in an RFC-822 domain-defined attribute: {error}";
            return false;
        }
        name = new OrName(candidate);
        return true;
    }

    /// <summary>Maps an O/R name to an RFC 822 mailbox (the inverse of the two mappings above).</summary>
    public string ToMailbox(OrName name)
    {
        var address = name.Address;
        var dda = address.DomainDefinedAttributes.FirstOrDefault(d => string.Equals(d.Type, Rfc822DdaType, StringComparison.OrdinalIgnoreCase));
        if (dda is not null && SameDomain(address, GatewayAddress))
        {
            return Rfc2156Escaping.DecodePrintable(dda.Value);
        }
        var domain = localDomains.Count > 0 ? localDomains[0] : "x400.invalid";
        var personal = address with { GivenName = null, Initials = null, Surname = null };
        if (address.Surname is not null && address.CommonName is null && address.DomainDefinedAttributes.Count == 0 && personal.Equals(GatewayAddress with { DomainDefinedAttributes = [] }))
        {
            var local = string.Join('.', new[] { address.GivenName, address.Initials, address.Surname }.Where(p => p is not null));
            if (IsDotAtom(local)) return $"{local}@{domain}";
        }
        return $"{QuoteLocalPart(address.ToString())}@{domain}";
    }

    /// <summary>The local part as RFC 5321 wants it: a dot-string as is, anything else as a quoted string.</summary>
    public static string QuoteLocalPart(string local) =>
        IsDotAtom(local) ? local : "\"" + local.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string UnquoteLocalPart(string quoted)
    {
        var sb = new System.Text.StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length - 1) i++;
            sb.Append(quoted[i]);
        }
        return sb.ToString();
    }

    private static bool SameDomain(OrAddress a, OrAddress gateway) =>
        (a with { DomainDefinedAttributes = [] }).Equals(gateway with { DomainDefinedAttributes = [] });

    private static bool IsDotAtom(string s) =>
        s.Length > 0 && s.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c)));
}
