namespace Gateway.EmailAuth.Dkim;

/// <summary>The key could not be fetched now (DNS failure): the signature's result is temperror, not fail.</summary>
public sealed class DkimKeyUnavailableException(string message) : Exception(message);
