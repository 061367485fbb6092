namespace Gateway.X400;

/// <summary>
/// X.411 PerRecipientMessageTransferFields. Explicit conversion and per-recipient extensions are not modelled;
/// the decoder skips them.
/// </summary>
/// <param name="OriginallySpecifiedRecipientNumber">1..32767, unique within the message.</param>
public sealed record P1Recipient(OrName Name, int OriginallySpecifiedRecipientNumber, PerRecipientIndicators Indicators);
