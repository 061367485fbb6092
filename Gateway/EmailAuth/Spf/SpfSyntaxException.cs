namespace Gateway.EmailAuth.Spf;

/// <summary>A record, term or macro that RFC 7208 does not allow, or a limit passed: the result is permerror.</summary>
internal sealed class SpfSyntaxException(string message) : Exception(message);
