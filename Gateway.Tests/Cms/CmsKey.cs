namespace Gateway.Tests.Cms;

/// <summary>A key pair with a certificate from the fixture CA, and the identifiers a CMS object names it by.</summary>
/// <param name="IssuerAndSerial">"issuer=&lt;RFC 2253 DN&gt; serial=&lt;hex&gt;" as OpenSSL prints them.</param>
/// <param name="SubjectKeyIdentifier">"ski=&lt;hex&gt;" from the certificate's extension.</param>
public sealed record CmsKey(string Name, string CertificatePath, string KeyPath, string IssuerAndSerial, string SubjectKeyIdentifier);
