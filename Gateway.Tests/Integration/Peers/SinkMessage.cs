namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// One transaction as smtp-sink dumped it. <see cref="Data"/> is the message as it went over the wire
/// after dot-unstuffing, without the final dot: smtp-sink stores lines with LF ends, and this restores
/// CRLF, so a message sent with CRLF line ends compares equal byte for byte (a bare LF sent inside a
/// line would come back as CRLF; SMTP does not allow one anyway).
/// </summary>
public sealed record SinkMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Data)
{
    /// <summary>The whole MAIL FROM argument line, with ESMTP parameters (BODY=, SIZE=, RET=, ENVID=).</summary>
    public string MailArguments { get; init; } = "";

    /// <summary>Each RCPT TO argument line in order, with ESMTP parameters (NOTIFY=, ORCPT=).</summary>
    public IReadOnlyList<string> RecipientArguments { get; init; } = [];

    /// <summary>The argument of the client's EHLO/HELO, if it sent one.</summary>
    public string? Helo { get; init; }

    /// <summary>The dump file as smtp-sink wrote it.</summary>
    public byte[] RawFile { get; init; } = [];
}
