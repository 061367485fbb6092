namespace Gateway.Tests.Hostile.Smtp;

/// <summary>Where the proof that the gateway still serves is made after a case's replies.</summary>
public enum CorpusAfter
{
    /// <summary>The protocol lets the session go on: RSET, EHLO and a good message on the same connection.</summary>
    Same,

    /// <summary>The gateway must close the connection; a new one then carries a good message.</summary>
    Closed,

    /// <summary>
    /// The case ends with STARTTLS's 220: the TLS handshake follows on the same connection, and over TLS the session must
    /// start afresh (MAIL before EHLO is refused, nothing pipelined in plaintext was kept), then carry a good message.
    /// </summary>
    Tls,

    /// <summary>The client gives up (closes the connection) after the replies; a new connection then carries a good message.</summary>
    Hangup,
}
