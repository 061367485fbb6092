namespace Gateway.X400;

/// <summary>
/// RFC 2156 §5.3.6 (MIXER): the P1 priority travels as the <c>Priority:</c> header, with the values
/// <c>normal</c>, <c>non-urgent</c> and <c>urgent</c>. Anything else, or no header, is normal.
/// </summary>
public static class PriorityHeader
{
    public static string Format(Priority priority) => priority switch
    {
        Priority.NonUrgent => "non-urgent",
        Priority.Urgent => "urgent",
        _ => "normal",
    };

    public static Priority Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "non-urgent" => Priority.NonUrgent,
        "urgent" => Priority.Urgent,
        _ => Priority.Normal,
    };
}
