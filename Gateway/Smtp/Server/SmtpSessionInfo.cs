using System.Net;

namespace Gateway.Smtp.Server;

/// <summary>
/// Who is talking: the session's log id, the client's address, the name it gave in HELO/EHLO, the TLS protocol and
/// cipher when the session is encrypted, whether the client is in the trusted networks (may relay, may XFORWARD), and
/// the user it authenticated as with SMTP AUTH (may relay).
/// </summary>
public sealed record SmtpSessionInfo(string SessionId, IPEndPoint? Client, string? HeloName, string? Tls = null, bool Trusted = false,
    string? AuthenticatedUser = null)
{
    /// <summary>Whether mail from this session may go to recipients outside the X.400 domains.</summary>
    public bool MayRelay => Trusted || AuthenticatedUser is not null;
}
