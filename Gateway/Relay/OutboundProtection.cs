using Gateway.Certificates;
using Gateway.Cms;
using Gateway.Cms.Enveloping;
using Gateway.Cms.Signing;
using Gateway.Mime;
using Gateway.X400;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.X509;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;

namespace Gateway.Relay;

/// <summary>
/// What a route asks the gateway to do to content going to X.400 (RFC 3854 §3): sign plain x400-content, envelope it
/// (or the sender's SignedData) for the recipients' certificates with a copy for the originator when its certificate
/// is known, or triple-wrap it — sign, envelope, sign (§3.4.1), the inner layers encoded directly, not as ContentInfo.
/// </summary>
public sealed partial class OutboundProtection(GatewayIdentity identity, CertificateService certificates, ILogger<OutboundProtection> logger)
{
    public const string IdSignedData = "1.2.840.113549.1.7.2";
    public const string IdEnvelopedData = "1.2.840.113549.1.7.3";

    /// <summary>The protected content, or the refusal (5.7.0 for what can never work, 4.7.5 for a certificate that may come).</summary>
    public async Task<ProtectionOutcome> ApplyAsync(ReadOnlyMemory<byte> content, MessageKind kind, X400ContentType? x400ContentType, IReadOnlyList<SecurityRoute> routes,
        IReadOnlyList<OrName> recipients, OrName originator, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ProtectionOutcome outcome;
        try
        {
            outcome = await ProtectAsync(content, kind, x400ContentType, routes, recipients, originator, at, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // A certificate or key the operator can replace (a recipient certificate with a DSA or Ed25519 key): defer, don't bounce.
            return ProtectionOutcome.Refused(451, "4.7.5", $"the content cannot be protected as its route asks: {e.Message}");
        }
        return routes.FirstOrDefault(r => r.StripCertificates) is { } slow ? StripForSlowLink(outcome, slow) : outcome;
    }

    /// <summary>The last step towards a slow link: the outermost SignedData leaves without its certificate set.</summary>
    private ProtectionOutcome StripForSlowLink(ProtectionOutcome outcome, SecurityRoute route)
    {
        if (outcome.Refusal is not null || outcome.Kind != MessageKind.SignedX400 || SignedDataCertificates.Strip(outcome.Content) is not { } stripped) return outcome;
        var saved = outcome.Content.Length - stripped.Length;
        LogStripped(logger, route.Name, outcome.Content.Length, stripped.Length);
        var note = $"certificates stripped for the slow link (route {route.Name}): {outcome.Content.Length} -> {stripped.Length} octets, {saved} saved";
        return outcome with { Content = stripped, Note = outcome.Note is null ? note : $"{outcome.Note}; {note}" };
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "certificates stripped: route={Route} size={Before}->{After}")]
    private static partial void LogStripped(ILogger logger, string route, int before, int after);

    private async Task<ProtectionOutcome> ProtectAsync(ReadOnlyMemory<byte> content, MessageKind kind, X400ContentType? x400ContentType, IReadOnlyList<SecurityRoute> routes,
        IReadOnlyList<OrName> recipients, OrName originator, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var tripleWrap = routes.FirstOrDefault(r => r.TripleWrap);
        var encrypt = routes.FirstOrDefault(r => r.Encrypt);
        var sign = routes.FirstOrDefault(r => r.Sign);
        if (tripleWrap is null && encrypt is null && sign is null) return ProtectionOutcome.Unchanged(content, kind);
        var route = tripleWrap ?? encrypt ?? sign!;
        if (kind == MessageKind.EnvelopedX400 || (kind == MessageKind.SignedX400 && encrypt is null && tripleWrap is null))
        {
            // Already protected as far as this route asks: the gateway does not wrap what the sender protected.
            return ProtectionOutcome.Unchanged(content, kind, $"route {route.Name}: content already {kind.ToName()}, left as sent");
        }
        string? eContentType = null;
        if (kind == MessageKind.X400Content)
        {
            eContentType = SignedContentType(x400ContentType);
            if (eContentType is null)
            {
                return ProtectionOutcome.Refused(554, "5.7.0", $"route {route.Name}: content type {x400ContentType} has no object identifier to protect it under");
            }
        }
        if ((tripleWrap is not null || (sign is not null && kind == MessageKind.X400Content)) && identity.Signing is null)
        {
            return ProtectionOutcome.Refused(554, "5.7.0", $"route {route.Name}: no signing identity configured");
        }

        List<X509Certificate> recipientCertificates = [];
        if (tripleWrap is not null || encrypt is not null)
        {
            foreach (var r in recipients)
            {
                var lookup = await certificates.ForRecipientAsync(r.Address, at, cancellationToken);
                if (lookup.Certificate is not { } certificate)
                {
                    return lookup.Unavailable is { } unavailable
                        ? ProtectionOutcome.Refused(451, "4.7.0", $"route {route.Name}: no certificate for {r.Address} at hand and {unavailable}")
                        : ProtectionOutcome.Refused(451, "4.7.5", $"route {route.Name}: no valid certificate for {r.Address} to encrypt to{(lookup.Refused is { } why ? $" ({why})" : "")}");
                }
                recipientCertificates.Add(certificate);
            }
            // RFC 3854 §3.3: the originator's copy, when its certificate can be had; its absence stops nothing.
            if ((await certificates.ForRecipientAsync(originator.Address, at, cancellationToken)).Certificate is { } own) recipientCertificates.Add(own);
        }
        var cipher = route.Cipher;
        if (tripleWrap is not null)
        {
            var inner = X400ContentSigner.Sign(content, eContentType ?? IdSignedData, identity.Signing!, at);
            var enveloped = X400ContentEnveloper.Envelope(Inner(inner), IdSignedData, recipientCertificates, cipher);
            var outer = X400ContentSigner.Sign(Inner(enveloped), IdEnvelopedData, identity.Signing!, at);
            return new ProtectionOutcome(outer, MessageKind.SignedX400, null, $"triple-wrapped by the gateway for {recipientCertificates.Count} certificates (route {route.Name})");
        }
        if (encrypt is not null)
        {
            var plain = content;
            var type = eContentType;
            var note = "";
            if (kind == MessageKind.X400Content && sign is not null)
            {
                plain = X400ContentSigner.Sign(content, eContentType!, identity.Signing!, at);
                kind = MessageKind.SignedX400;
                note = "signed and ";
            }
            if (kind == MessageKind.SignedX400)
            {
                plain = Inner(plain.ToArray());
                type = IdSignedData;
            }
            var enveloped = X400ContentEnveloper.Envelope(plain, type!, recipientCertificates, cipher);
            return new ProtectionOutcome(enveloped, MessageKind.EnvelopedX400, null, $"{note}enveloped by the gateway for {recipientCertificates.Count} certificates (route {route.Name})");
        }
        var signed = X400ContentSigner.Sign(content, eContentType!, identity.Signing!, at);
        return new ProtectionOutcome(signed, MessageKind.SignedX400, null, $"signed by the gateway as {identity.Signing!.Certificate.SubjectDN} (route {route.Name})");
    }

    /// <summary>
    /// The eContentType to protect x400-content under (RFC 3855 §2.1: the OID of the X.400 content type): an extended
    /// type is its own OID; the built-in IPM types have theirs; other built-in integers have none.
    /// </summary>
    public static string? SignedContentType(X400ContentType? type) => type switch
    {
        { Oid: { } oid } => oid,
        { BuiltIn: 22 } => X400Oids.InterpersonalMessaging1988,
        { BuiltIn: 2 } => "2.6.1.10.0",
        _ => null,
    };

    /// <summary>The content of a ContentInfo: a nested layer is encoded directly (RFC 3854 §3.4), not as a second ContentInfo.</summary>
    private static byte[] Inner(byte[] contentInfo) => BcContentInfo.GetInstance(contentInfo).Content.ToAsn1Object().GetEncoded("DER");
}
