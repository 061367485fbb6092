using System.Net;
using Gateway.EmailAuth.Dkim;
using Gateway.EmailAuth.Dmarc;
using Gateway.EmailAuth.Spf;
using MimeKit;

namespace Gateway.EmailAuth;

/// <summary>
/// SPF for the MAIL FROM and HELO identities, DKIM for every signature, DMARC over both for the From domain (RFC 7208,
/// 6376, 7489), recorded as one Authentication-Results value (RFC 8601) under the gateway's authserv-id.
/// </summary>
public sealed class EmailAuthenticator(SpfEvaluator spf, DkimVerification dkim, DmarcEvaluator dmarc, string authServId)
{
    public string AuthServId => authServId;

    public async Task<AuthenticationOutcome> AuthenticateAsync(IPAddress client, string helo, string mailFrom, MimeMessage message, CancellationToken cancellationToken)
    {
        var heloVerdict = helo.Contains('.', StringComparison.Ordinal) ? await spf.CheckHeloAsync(client, helo, cancellationToken) : null;
        var mailVerdict = await spf.CheckMailFromAsync(client, mailFrom, helo, cancellationToken);
        var signatures = await dkim.VerifyAsync(message, cancellationToken);
        // RFC 7489 §4.1: with the null MAIL FROM, SPF's identity is the HELO name.
        var spfPassDomain = mailVerdict.Result == SpfResult.Pass ? mailVerdict.Domain : null;

        DmarcVerdict verdict;
        var from = message.From.Mailboxes.ToList();
        if (message.Headers.Count(h => h.Id == HeaderId.From) != 1 || from.Count != 1 || from[0].Domain.Length == 0)
        {
            // §6.6.1: the From domain must be one, or there is nothing to align with.
            verdict = new DmarcVerdict("permerror", "", "none", $"{from.Count} From addresses in {message.Headers.Count(h => h.Id == HeaderId.From)} From fields");
        }
        else
        {
            verdict = await dmarc.EvaluateAsync(from[0].Domain, spfPassDomain, [.. signatures.Where(s => s.Result == "pass").Select(s => s.Domain)],
                Random.Shared.Next(100), cancellationToken);
            if (verdict.Result == "fail" && (mailVerdict.Result == SpfResult.TempError || signatures.Any(s => s.Result == "temperror")))
            {
                // RFC 7489 §6.6.2: what could not be checked might have passed; that is not a fail.
                verdict = verdict with { Result = "temperror", Explanation = $"{verdict.Explanation}, and an SPF or DKIM check failed temporarily" };
            }
        }

        var parts = new List<string>
        {
            $"spf={mailVerdict.Word} smtp.mailfrom={(mailFrom.Length == 0 ? $"postmaster@{helo}" : mailFrom)}",
        };
        if (heloVerdict is not null) parts.Add($"spf={heloVerdict.Word} smtp.helo={helo}");
        parts.AddRange(signatures.Count == 0 ? ["dkim=none"] : signatures.Select(s => $"dkim={s.Result} header.d={s.Domain} header.s={s.Selector}"));
        parts.Add(verdict.FromDomain.Length == 0
            ? $"dmarc={verdict.Result}"
            : $"dmarc={verdict.Result}{(verdict.Record is { } r ? $" (p={r.Policy} dis={(verdict.Result == "fail" ? verdict.Policy : "none")})" : "")} header.from={verdict.FromDomain}");
        return new AuthenticationOutcome(mailVerdict, heloVerdict, signatures, verdict, $"{authServId}; {string.Join("; ", parts)}");
    }

    /// <summary>Removes Authentication-Results fields that claim to be ours (RFC 8601 §5): only the gateway may write them.</summary>
    public int RemoveForged(MimeMessage message)
    {
        var forged = message.Headers.Where(h => h.Field.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase)
                                                && h.Value.TrimStart().Split(';', 2)[0].Trim().Split(' ')[0].Equals(authServId, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var header in forged) message.Headers.Remove(header);
        return forged.Count;
    }
}
