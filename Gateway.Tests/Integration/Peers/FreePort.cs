using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Integration.Peers;

/// <summary>Free loopback TCP ports for peers started by tests; tests never use fixed ports.</summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        // The kernel may hand the same ephemeral port out again right after it was released, and the
        // caller binds it only later; remembering what was handed out keeps two peers of one test run
        // from being given the same port.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port;
            try
            {
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }

            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("No unused loopback port found in 100 attempts.");
    }
}
