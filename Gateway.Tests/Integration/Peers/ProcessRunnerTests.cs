namespace Gateway.Tests.Integration.Peers;

[Trait("Category", "Integration")]
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Passes_stdin_through_and_returns_stdout_as_exact_bytes()
    {
        byte[] input = [0, 1, 2, 0xff, (byte)'\r', (byte)'\n', 0x80];

        var result = await ProcessRunner.RunCheckedAsync("cat", [], input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutputBytes);
    }

    [Fact]
    public async Task Checked_run_reports_the_command_line_and_stderr_of_a_failure()
    {
        var failure = await Assert.ThrowsAsync<ProcessFailedException>(
            () => ProcessRunner.RunCheckedAsync("sh", ["-c", "echo went wrong >&2; exit 3"]));

        Assert.Equal(3, failure.Result.ExitCode);
        Assert.Contains("sh -c 'echo went wrong >&2; exit 3'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("went wrong", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unchecked_run_returns_a_non_zero_exit_code()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "exit 7"]);

        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public void Free_ports_are_distinct_and_bindable()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
    }
}
