using Gateway.Cms.Verification;
using Gateway.Operations;

namespace Gateway.Relay;

/// <summary>Puts what the security services found into an audit record, the same way for both directions.</summary>
public static class AuditSecurity
{
    public static AuditRecord WithSecurity(this AuditRecord record, SecurityFindings findings) => record with
    {
        Signature = findings.Signature.AuditName(),
        OriginatorMatch = findings.OriginatorMatch,
        Signers = findings.Signers.Count > 0 ? findings.Signers : null,
        Algorithms = findings.Algorithms.Count > 0 ? findings.Algorithms : null,
        UnknownSignedAttributes = findings.UnknownSignedAttributes.Count > 0 ? findings.UnknownSignedAttributes : null,
        // Nothing to say when nothing was looked at; otherwise the reason, also for "not checked because …" and "signed by the gateway".
        Security = findings == SecurityFindings.NotChecked
            ? null
            : findings.OriginatorDetail is null ? findings.Reason : $"{findings.Reason}; {findings.OriginatorDetail}",
    };
}
