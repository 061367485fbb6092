using System.Text;
using Gateway.Tests.Integration.Peers;
using Xunit.Sdk;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>What reached the smtp-sink next hop, found by a marker the test put in the message.</summary>
internal static class SinkInspection
{
    /// <summary>Only there so that a message that never arrives fails the test instead of hanging the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static bool Contains(SinkMessage message, string text) =>
        Encoding.Latin1.GetString(message.Data).Contains(text, StringComparison.Ordinal)
        || message.MailFrom.Contains(text, StringComparison.Ordinal)
        || message.Recipients.Any(r => r.Contains(text, StringComparison.Ordinal));

    public static IReadOnlyList<SinkMessage> With(SmtpSink sink, string text) => [.. sink.Messages().Where(m => Contains(m, text))];

    public static async Task<SinkMessage> WaitForAsync(SmtpSink sink, string marker) =>
        (await WaitForAsync(sink, m => Contains(m, marker), 1, $"a message with '{marker}'"))[0];

    public static async Task<IReadOnlyList<SinkMessage>> WaitForAsync(SmtpSink sink, Func<SinkMessage, bool> match, int count, string what)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var found = sink.Messages().Where(match).ToList();
            if (found.Count >= count) return found;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new XunitException($"The next hop has {found.Count} of {count} × {what} after {HangGuard}.\n{sink.Output}");
            }
        }
    }

    /// <summary>Fails if anything carrying <paramref name="text"/> reached the next hop.</summary>
    public static void AssertNone(SmtpSink sink, string text)
    {
        var leaked = With(sink, text);
        if (leaked.Count > 0)
        {
            throw new XunitException($"{leaked.Count} message(s) with '{text}' reached the next hop:\n"
                + string.Join("\n---\n", leaked.Select(m => Encoding.Latin1.GetString(m.RawFile))));
        }
    }
}
