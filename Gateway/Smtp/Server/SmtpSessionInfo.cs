using System.Net;

namespace Gateway.Smtp.Server;

/// <summary>Who is talking: the session's log id, the client's address and the name it gave in HELO/EHLO.</summary>
public sealed record SmtpSessionInfo(string SessionId, IPEndPoint? Client, string? HeloName);
