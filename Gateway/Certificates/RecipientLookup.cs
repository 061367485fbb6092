using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>The certificate to encrypt to for one O/R address, or why there is none.</summary>
/// <param name="Certificate">
/// Valid at the time asked, not revoked, and (when trust anchors are configured) on a valid path for encryption; the most
/// recently issued when there are several.
/// </param>
/// <param name="Unavailable">A directory could not be asked and nothing was found elsewhere: a temporary condition (4.7.x).</param>
/// <param name="Refused">Certificates were found but none can be used (expired, revoked): what was wrong, for the reply.</param>
public sealed record RecipientLookup(X509Certificate? Certificate, string? Unavailable = null, string? Refused = null);
