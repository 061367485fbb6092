using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>A handler that takes every recipient and every message, and keeps what it was given.</summary>
internal sealed class AcceptingTransactionHandler : ISmtpTransactionHandler
{
    public List<(SmtpTransaction Transaction, byte[] Content)> Messages { get; } = [];

    public SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient) => null;

    public async Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await transaction.Content.CopyToAsync(copy, cancellationToken);
        lock (Messages) Messages.Add((transaction, copy.ToArray()));
        return new SmtpReply(250, "2.0.0", "Ok: queued");
    }
}
