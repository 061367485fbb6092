namespace Gateway.Tests.Smtp.Tls;

/// <summary>Waits for something a background timer or file watcher does, with a generous bound instead of a sleep.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"Still waiting after {Limit} for {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
