using System.Text.RegularExpressions;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>
/// The machine-readable part of a reply line: the three-digit code and, when present, the RFC 3463 enhanced
/// status code after it ("503 5.5.1"), or the code alone ("250" for "250-gw.test", "354 End data…").
/// </summary>
public static partial class ReplyStatus
{
    public static string Of(string replyLine)
    {
        ArgumentNullException.ThrowIfNull(replyLine);
        var match = StatusPattern().Match(replyLine);
        if (!match.Success) throw new FormatException($"Not an SMTP reply line: '{replyLine}'");
        return match.Groups["enhanced"].Success ? $"{match.Groups["code"].Value} {match.Groups["enhanced"].Value}" : match.Groups["code"].Value;
    }

    [GeneratedRegex(@"^(?<code>[2-5][0-9]{2})(?:[ -](?<enhanced>[245]\.[0-9]{1,3}\.[0-9]{1,3})(?= |$))?")]
    private static partial Regex StatusPattern();
}
