using System.Net;

namespace Gateway.Smtp.Server;

/// <summary>
/// Who is talking: the session's log id, the client's address, the name it gave in HELO/EHLO, the TLS protocol and
/// cipher when the session is encrypted, and whether the client is in the trusted networks (may relay, may XFORWARD).
/// </summary>
public sealed record SmtpSessionInfo(string SessionId, IPEndPoint? Client, string? HeloName, string? Tls = null, bool Trusted = false);
