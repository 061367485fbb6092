using System.Collections.Concurrent;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Last-resort cleanup when the test host exits without disposing a fixture (a crashed or aborted
/// run): stray Postfix masters and smtp-sinks would otherwise outlive the run and hold ports.
/// Disposing a fixture unregisters it; this only catches what disposal missed.
/// </summary>
internal static class PeerCleanup
{
    private static readonly ConcurrentDictionary<object, Action> Pending = new();

    static PeerCleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();
    }

    public static void Register(object owner, Action cleanup) => Pending[owner] = cleanup;

    public static void Unregister(object owner) => Pending.TryRemove(owner, out _);

    private static void RunAll()
    {
        foreach (var (owner, cleanup) in Pending)
        {
            try
            {
                cleanup();
            }
            catch (Exception)
            {
                // Best effort at process exit: there is no one left to report to.
            }

            Pending.TryRemove(owner, out _);
        }
    }
}
