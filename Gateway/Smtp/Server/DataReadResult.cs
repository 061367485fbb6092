namespace Gateway.Smtp.Server;

/// <summary>The outcome of reading DATA: whether the terminating dot arrived, the size, and what was wrong with it.</summary>
public sealed record DataReadResult(bool Complete, long Size, bool TooBig, bool BareLineFeed, bool LoneCarriageReturn)
{
    public bool HasBareNewline => BareLineFeed || LoneCarriageReturn;
}
