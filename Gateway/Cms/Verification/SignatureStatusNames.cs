namespace Gateway.Cms.Verification;

/// <summary>The audit-log spelling of <see cref="SignatureStatus"/>, part of the external contract (design.md).</summary>
public static class SignatureStatusNames
{
    public static string AuditName(this SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => "valid",
        SignatureStatus.Invalid => "invalid",
        SignatureStatus.Untrusted => "untrusted",
        SignatureStatus.NoCertificate => "no-certificate",
        SignatureStatus.NotChecked => "not-checked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a signature status"),
    };
}
