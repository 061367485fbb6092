namespace Gateway.Configuration;

/// <summary>The words the security options accept, in one place for the options, the validator and the README.</summary>
public static class PolicyNames
{
    public const string Reject = "Reject";
    public const string Flag = "Flag";

    public const string ToX400 = "ToX400";
    public const string ToSmtp = "ToSmtp";
    public const string Both = "Both";

    public static readonly string[] Actions = [Reject, Flag];
    public static readonly string[] Directions = [ToX400, ToSmtp, Both];
    public static readonly string[] Ciphers = ["Aes256Cbc", "Aes192Cbc", "Aes128Cbc", "DesEde3Cbc"];

    /// <summary>The canonical spelling of <paramref name="value"/> among <paramref name="allowed"/>, ignoring case; null when none.</summary>
    public static string? Canonical(string? value, IEnumerable<string> allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}
