namespace Gateway.EmailAuth.Dkim;

/// <summary>One DKIM-Signature's result (RFC 8601 words: pass, fail, neutral, temperror, permerror) with its d= and s=.</summary>
public sealed record DkimResult(string Result, string Domain, string Selector, string Explanation);
