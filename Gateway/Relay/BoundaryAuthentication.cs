using System.Net;
using System.Runtime.CompilerServices;
using Gateway.EmailAuth;
using Gateway.EmailAuth.Dmarc;
using Gateway.Smtp.Server;
using MimeKit;

namespace Gateway.Relay;

/// <summary>
/// Email authentication where Internet mail enters: for a client outside the trusted networks that did not authenticate — the SMTP client
/// itself, or the original client a trusted upstream names with XFORWARD — SPF, DKIM and DMARC decide whether the
/// message may pass; DMARC p=reject is refused (550 5.7.1), a DNS failure deferred (451 4.7.0), p=quarantine refused for
/// X.400 recipients unless configured otherwise. The outcome is kept per transaction for the audit record and the
/// Authentication-Results header.
/// </summary>
public sealed class BoundaryAuthentication(EmailAuthenticator? authenticator, IReadOnlyList<IPNetwork> trusted, bool enforce, bool refuseQuarantineToX400,
    DmarcAggregateStore? aggregate = null)
{
    private readonly ConditionalWeakTable<SmtpTransaction, AuthenticationOutcome> _outcomes = [];

    public static BoundaryAuthentication Off { get; } = new(null, [], false, false);

    public AuthenticationOutcome? OutcomeOf(SmtpTransaction transaction) => _outcomes.TryGetValue(transaction, out var outcome) ? outcome : null;

    /// <summary>Removes forged Authentication-Results, checks an outside client, and says whether the message is refused.</summary>
    public async Task<SmtpReply?> CheckAsync(SmtpTransaction transaction, MimeMessage message, bool hasX400Recipients, CancellationToken cancellationToken)
    {
        if (authenticator is null) return null;
        authenticator.RemoveForged(message);
        if (ClientOf(transaction) is not { } client || trusted.Any(n => n.Contains(client.Address))) return null;
        var outcome = await authenticator.AuthenticateAsync(client.Address, client.Helo, transaction.ReversePath, message, cancellationToken);
        _outcomes.AddOrUpdate(transaction, outcome);
        var dmarc = outcome.Dmarc;
        var refusal = !enforce ? null : dmarc.Result switch
        {
            "temperror" => new SmtpReply(451, "4.7.0", $"DMARC for {dmarc.FromDomain} cannot be evaluated now ({dmarc.Explanation}); try again later"),
            "fail" when dmarc.Policy == "reject" => new SmtpReply(550, "5.7.1", $"DMARC policy of {dmarc.FromDomain} rejects this message: {dmarc.Explanation}"),
            "fail" when dmarc.Policy == "quarantine" && hasX400Recipients && refuseQuarantineToX400 =>
                new SmtpReply(550, "5.7.1", $"DMARC policy of {dmarc.FromDomain} quarantines this message, and X.400 has no quarantine: {dmarc.Explanation}"),
            _ => null,
        };
        if (aggregate is not null && dmarc.Record is { } record)
        {
            var mailFrom = transaction.ReversePath;
            aggregate.Record(new DmarcObservation(DateTimeOffset.UtcNow, client.Address.ToString(), dmarc.FromDomain,
                mailFrom.Length == 0 ? client.Helo : mailFrom[(mailFrom.LastIndexOf('@') + 1)..], dmarc.FromDomain, record.Policy, record.SubdomainPolicy,
                record.Percent, record.StrictDkim, record.StrictSpf, dmarc.Result == "fail" && enforce ? dmarc.Policy : "none", dmarc.DkimAligned, dmarc.SpfAligned,
                [.. outcome.Dkim.Select(d => new DmarcObservation.DkimAuth(d.Domain, d.Selector, d.Result))], outcome.Spf.Domain, outcome.Spf.Word,
                record.AggregateReportAddresses));
        }
        return refusal;
    }

    /// <summary>
    /// The client to judge: XFORWARD's when a trusted upstream gave it, else the connection's own; none for a client that
    /// authenticated with SMTP AUTH, which is the gateway's own submitter wherever it connects from, not Internet mail.
    /// </summary>
    private static (IPAddress Address, string Helo)? ClientOf(SmtpTransaction transaction)
    {
        var session = transaction.Session;
        if (session.AuthenticatedUser is not null) return null;
        if (session.Trusted && transaction.Forward.Address is { } forwarded && IPAddress.TryParse(forwarded.Replace("IPV6:", "", StringComparison.OrdinalIgnoreCase), out var original))
        {
            return (original, transaction.Forward.Helo ?? session.HeloName ?? "");
        }
        return session.Trusted || session.Client is null ? null : (session.Client.Address, session.HeloName ?? "");
    }
}
