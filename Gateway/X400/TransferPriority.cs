namespace Gateway.X400;

/// <summary>
/// The RFC 6710 MT-PRIORITY value (-9..9) and the X.411 priority, under RFC 6710's "MIXER" priority assignment
/// policy: non-urgent is -4, normal 0 and urgent 4. Values in between go to the nearest of the three, a tie to
/// normal, so a message is never promoted by rounding.
/// </summary>
public static class TransferPriority
{
    public const int Minimum = -9;
    public const int Maximum = 9;

    public static int FromX400(Priority priority) => priority switch
    {
        Priority.NonUrgent => -4,
        Priority.Urgent => 4,
        _ => 0,
    };

    public static Priority ToX400(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, Minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Maximum);
        return value switch
        {
            <= -3 => Priority.NonUrgent,
            >= 3 => Priority.Urgent,
            _ => Priority.Normal,
        };
    }

    /// <summary>
    /// The RFC 6710 §9 <c>MT-Priority:</c> header, which carries the value through MTAs that lack the extension
    /// (Postfix is one): a signed integer, possibly followed by a comment. Null when absent or malformed.
    /// </summary>
    public static int? ParseHeader(string? value)
    {
        if (value is null) return null;
        var text = value.Trim();
        var comment = text.IndexOf('(', StringComparison.Ordinal);
        if (comment >= 0) text = text[..comment].TrimEnd();
        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            && v is >= Minimum and <= Maximum ? v : null;
    }
}
