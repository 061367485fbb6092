namespace Gateway.Smtp.Server;

/// <summary>
/// What the SMTP server asks of the rest of the gateway: may this recipient be accepted, and what is the
/// final answer for a received message. The server itself knows nothing of X.400.
/// </summary>
public interface ISmtpTransactionHandler
{
    /// <summary>Null to accept the recipient, or the reply that refuses it.</summary>
    SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient);

    /// <summary>Takes the message on; the reply is what the client gets for the final dot.</summary>
    Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken);
}
