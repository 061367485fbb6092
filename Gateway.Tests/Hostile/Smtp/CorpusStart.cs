namespace Gateway.Tests.Hostile.Smtp;

/// <summary>How far a case's own connection gets with ordinary commands before the case's bytes are sent.</summary>
public enum CorpusStart
{
    /// <summary>Right after the 220 greeting.</summary>
    Connect,

    /// <summary>After EHLO.</summary>
    Ehlo,

    /// <summary>After EHLO and MAIL FROM.</summary>
    Mail,

    /// <summary>After EHLO, MAIL FROM and RCPT TO the case's recipient.</summary>
    Rcpt,

    /// <summary>After EHLO, MAIL FROM, RCPT TO and DATA's 354: the case sends message data.</summary>
    Data,
}
