namespace Gateway.EmailAuth.Spf;

/// <summary>An SPF result with what decided it, for the Authentication-Results header, the log and the audit record.</summary>
/// <param name="Domain">The domain whose record was checked (the sender's, or the HELO name).</param>
/// <param name="Explanation">Why, in words: the matching mechanism, or the error.</param>
public sealed record SpfVerdict(SpfResult Result, string Domain, string Explanation)
{
    /// <summary>The RFC 8601 result word: none, neutral, pass, fail, softfail, temperror, permerror.</summary>
    public string Word => Result.ToString().ToLowerInvariant();
}
