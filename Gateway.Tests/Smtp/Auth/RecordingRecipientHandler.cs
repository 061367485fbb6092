using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp.Auth;

/// <summary>Takes every recipient and message, and keeps the session each recipient was checked in.</summary>
internal sealed class RecordingRecipientHandler : ISmtpTransactionHandler
{
    public List<SmtpSessionInfo> Sessions { get; } = [];

    public SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient)
    {
        lock (Sessions) Sessions.Add(session);
        return null;
    }

    public Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
}
