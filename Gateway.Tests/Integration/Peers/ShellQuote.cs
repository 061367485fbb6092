namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// POSIX shell quoting, for the two places a shell string cannot be avoided: `script -c` (which gives
/// Postfix the terminal it needs to print its errors) and command lines shown in failure messages.
/// </summary>
internal static class ShellQuote
{
    public static string Join(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

    public static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c)))
        {
            return value;
        }

        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
