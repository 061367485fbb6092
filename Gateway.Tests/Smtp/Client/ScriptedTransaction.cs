namespace Gateway.Tests.Smtp.Client;

/// <summary>One transaction as <see cref="ScriptedSmtpServer"/> saw it: the exact command lines and the content.</summary>
internal sealed record ScriptedTransaction(string MailCommand, IReadOnlyList<string> RecipientCommands, IReadOnlyList<string> DataCommands, byte[] Data);
