using System.Text.RegularExpressions;

namespace Gateway.Smtp.Client;

/// <summary>RFC 3463 enhanced status codes as the next hop gives them at the start of its reply text (RFC 2034).</summary>
internal static partial class EnhancedStatus
{
    /// <summary>
    /// The enhanced code at the start of <paramref name="text"/>, or the class's generic "X.0.0" when there is none or
    /// its class contradicts the reply code (RFC 2034 §4: they must agree; a mismatch would mislead the sender's DSN).
    /// </summary>
    public static string FromReply(int replyCode, string? text)
    {
        var replyClass = replyCode / 100;
        var match = text is null ? null : Leading().Match(text);
        if (match is { Success: true } && match.Groups[1].Value[0] - '0' == replyClass)
        {
            return match.Groups[1].Value;
        }
        return replyClass switch
        {
            2 => "2.0.0",
            5 => "5.0.0",
            _ => "4.0.0",
        };
    }

    [GeneratedRegex(@"\A\s*([245]\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2}))(?![0-9.])", RegexOptions.CultureInvariant)]
    private static partial Regex Leading();
}
