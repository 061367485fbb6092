using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Operations;

/// <summary>The shipped unit, read by systemd's own analyser: every sandbox directive understood, the exposure kept low.</summary>
[Trait("Category", "Integration")]
public sealed partial class SystemdUnitTests
{
    private static string Unit => Path.Combine(RepositoryPaths.Root, "systemd", "cms-x400-gateway.service");

    [Fact]
    public async Task Systemd_understands_every_directive_and_rates_the_sandbox_at_most_2_of_10()
    {
        var result = await ProcessRunner.RunCheckedAsync("systemd-analyze", ["security", "--offline=true", "--no-pager", Unit]);

        // An unknown or misspelt directive is only a warning to systemd, and a sandbox line that silently does nothing.
        Assert.DoesNotMatch("(?i)unknown (key|section)|failed to parse|invalid", result.StandardError);
        var exposure = double.Parse(Exposure().Match(result.StandardOutput).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(exposure, 0, 2.0);
    }

    [Theory]
    [InlineData("NoNewPrivileges", "✓")]
    [InlineData("ProtectSystem", "✓")]
    [InlineData("CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)", "✓")]
    [InlineData("SystemCallFilter=~@privileged", "✓")]
    [InlineData("MemoryDenyWriteExecute", "✗")] // the JIT writes code
    [InlineData("PrivateNetwork", "✗")] // it is a network service
    public async Task Each_sandbox_choice_is_as_the_README_says(string check, string mark)
    {
        var result = await ProcessRunner.RunCheckedAsync("systemd-analyze", ["security", "--offline=true", "--no-pager", Unit]);
        var line = result.StandardOutput.Split('\n').Single(l => l.Length > 2 && l[2..].StartsWith(check + (check.Contains('=', StringComparison.Ordinal) ? " " : "="), StringComparison.Ordinal));
        Assert.StartsWith(mark, line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex Exposure();
}
