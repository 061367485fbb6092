using Gateway.Mime;
using Gateway.Smtp.Server;

namespace Gateway.Relay;

/// <summary>The content after a route's protection, with a note for the audit record; or the reply that refuses it.</summary>
public sealed record ProtectionOutcome(ReadOnlyMemory<byte> Content, MessageKind Kind, SmtpReply? Refusal, string? Note)
{
    public static ProtectionOutcome Unchanged(ReadOnlyMemory<byte> content, MessageKind kind, string? note = null) => new(content, kind, null, note);

    public static ProtectionOutcome Refused(int code, string enhanced, string text) => new(default, MessageKind.Mime, new SmtpReply(code, enhanced, text), null);
}
