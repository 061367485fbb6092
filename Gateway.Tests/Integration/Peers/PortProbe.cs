using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Integration.Peers;

/// <summary>Waits until a peer accepts TCP connections, so tests start only once it is really up.</summary>
internal static class PortProbe
{
    public static async Task WaitUntilListeningAsync(
        int port,
        TimeSpan timeout,
        Func<string?> failureCheck,
        Func<string> describe,
        CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            var failure = failureCheck();
            if (failure is not null)
            {
                throw new InvalidOperationException($"{failure}\n{describe()}");
            }

            try
            {
                using var client = new TcpClient(AddressFamily.InterNetwork);
                await client.ConnectAsync(IPAddress.Loopback, port, timeoutSource.Token);
                return;
            }
            catch (SocketException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Nothing listens on 127.0.0.1:{port} after {timeout}.\n{describe()}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Nothing listens on 127.0.0.1:{port} after {timeout}.\n{describe()}");
            }
        }
    }
}
