using System.Security.Cryptography;
using Gateway.Mime;
using Gateway.X400;

namespace Gateway.Relay;

/// <summary>
/// Builds the P1 envelope for content going to X.400, as RFC 3855 §2.2, §2.5 and §2.6 ask: id-ct-contentInfo as
/// the content type of a bare CMS object, the S/MIME EIT in the original encoded information types, conversion
/// prohibited and DL expansion prohibited for CMS.
/// </summary>
public sealed class X400EnvelopeFactory(OrAddress gatewayAddress)
{
    /// <summary>dl-expansion-prohibited (X.411 standard extension 3).</summary>
    public const int DlExpansionProhibited = StandardExtensions.DlExpansionProhibited;

    // DLExpansionProhibited ::= ENUMERATED { dl-expansion-allowed(0), dl-expansion-prohibited(1) }. Present with the
    // default NULL value, the extension would carry no DLExpansionProhibited value at all, so it says prohibited(1).
    // Non-critical, as before; X.411 recommends {for-delivery}, which would make an MTA that lacks it refuse the message.
    private static readonly P1Extension DlExpansionProhibitedExtension =
        P1Extension.Standard(DlExpansionProhibited, value: BerValue.FromHex("0A0101"));

    private readonly GlobalDomainIdentifier _domain = DomainOf(gatewayAddress);

    /// <summary>The management domain an O/R address names (C, ADMD, PRMD): the gateway's, in its trace and identifiers.</summary>
    public static GlobalDomainIdentifier DomainOf(OrAddress address) =>
        new(address.Country ?? "XX", address.AdministrationDomain ?? " ", address.PrivateDomain);

    /// <param name="reportRequests">Per recipient, the report request bits (from NOTIFY); non-delivery reports when absent.</param>
    /// <param name="requests">Per-message requests (RET=FULL: content return) and the content-correlator (ENVID).</param>
    public P1Envelope Create(MessageKind kind, X400ContentType? x400ContentType, OrName originator, IReadOnlyList<OrName> recipients,
        string transactionDigest, DateTimeOffset arrival, Priority priority = Priority.Normal, IReadOnlyList<PerRecipientIndicators>? reportRequests = null,
        (PerMessageIndicators Indicators, ContentCorrelator? Correlator) requests = default)
    {
        var isCms = kind.IsCms();
        var envelope = new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(_domain, transactionDigest),
            Originator = originator,
            OriginalEncodedInformationTypes = isCms
                ? new EncodedInformationTypes(BuiltInEncodedInformationTypes.None,
                    [kind == MessageKind.SignedX400 ? X400Oids.EitSignedX400 : X400Oids.EitEnvelopedX400])
                : null,
            ContentType = isCms ? X400ContentType.FromOid(X400Oids.ContentInfo) : x400ContentType!,
            Priority = priority,
            PerMessageIndicators = (isCms ? PerMessageIndicators.ImplicitConversionProhibited : PerMessageIndicators.None) | requests.Indicators,
            Trace = [new TraceInformationElement(_domain, arrival, RoutingAction.Relayed)],
            Recipients = [.. recipients.Select((r, i) => new P1Recipient(r, i + 1, PerRecipientIndicators.Responsibility
                | (reportRequests?[i] ?? PerRecipientIndicators.OriginatingMtaNonDeliveryReport | PerRecipientIndicators.OriginatorNonDeliveryReport)))],
            Extensions = isCms ? [DlExpansionProhibitedExtension] : [],
        };
        return requests.Correlator is { } correlator ? envelope.WithContentCorrelator(correlator) : envelope;
    }

    /// <summary>
    /// The local identifier of the MTS identifier: a digest of the sender, the X.400 recipients and the content,
    /// so that the MTA retrying the same transaction produces the same identifier (and so the same file), never a
    /// second message. 32 hex digits fit the 32 characters X.411 allows.
    /// </summary>
    public static string TransactionDigest(string reversePath, IEnumerable<string> recipients, ReadOnlySpan<byte> contentHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(reversePath.ToLowerInvariant() + "\n"));
        foreach (var r in recipients.Select(r => r.ToLowerInvariant()).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(r + "\n"));
        }
        sha.AppendData(contentHash);
        return Convert.ToHexStringLower(sha.GetHashAndReset().AsSpan(0, 16));
    }
}
