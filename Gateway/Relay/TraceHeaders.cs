using Gateway.Cms.Verification;
using MimeKit;

namespace Gateway.Relay;

/// <summary>
/// The headers in which the gateway tells SMTP readers what it found (in the style of CipherMail's): the signature
/// result and the originator check. A reader can only trust them if nobody else can set them, so the same names
/// arriving from outside are removed before the gateway adds its own.
/// </summary>
public static class TraceHeaders
{
    public const string Signature = "X-X400-Gateway-Signature";
    public const string Originator = "X-X400-Gateway-Originator";

    /// <summary>Replaces any headers of the gateway's names with what it found: the signature always, the originator check when it ran.</summary>
    public static void Add(MimeMessage message, SecurityFindings findings)
    {
        Strip(message);
        var signature = findings.Signature.AuditName();
        if (findings.Signers.Count > 0) signature += $"; signer={Quote(string.Join(", ", findings.Signers))}";
        if (findings.Algorithms.Count > 0) signature += $"; algorithms={Quote(string.Join(", ", findings.Algorithms))}";
        if (findings.Signature != SignatureStatus.Valid) signature += $"; reason={Quote(findings.Reason)}";
        message.Headers.Add(Signature, signature);
        if (findings.OriginatorMatch is { } match)
        {
            message.Headers.Add(Originator, $"{(match ? "match" : "mismatch")}; detail={Quote(findings.OriginatorDetail ?? "")}");
        }
    }

    /// <summary>An RFC 5322 quoted-string; anything outside printable ASCII becomes '?', so the header stays 7-bit.</summary>
    private static string Quote(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Removes every header of the gateway's names; returns how many there were.</summary>
    public static int Strip(MimeMessage message)
    {
        var removed = 0;
        foreach (var name in new[] { Signature, Originator })
        {
            while (message.Headers.Contains(name))
            {
                message.Headers.Remove(name);
                removed++;
            }
        }
        return removed;
    }
}
