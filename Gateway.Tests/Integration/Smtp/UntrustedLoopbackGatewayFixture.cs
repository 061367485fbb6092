using System.Net;
using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// A gateway that trusts only 127.0.0.1/32, so that a client connecting from 127.0.0.2 is an outsider on this very
/// machine; with a TLS certificate and a users file (made by the gateway's own <c>auth hash</c> verb) so that such a
/// client can authenticate after STARTTLS. Its next hop is an smtp-sink.
/// </summary>
public sealed class UntrustedLoopbackGatewayFixture : SinkGatewayFixture
{
    public const string User = "alice@submit.test";
    public const string Password = "relay-auth pass phrase 7f3";

    public static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.2");

    private readonly GatewayCertificate _certificate = new();
    private string? _usersFile;

    /// <summary>The implicit-TLS listener (port 465 style), where AUTH is on offer from the first EHLO.</summary>
    public int ImplicitTlsPort { get; } = FreePort.Next();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(_certificate.Settings())
    {
        ["Gateway:Smtp:TrustedNetworks:0"] = "127.0.0.1/32",
        ["Gateway:Smtp:Auth:UsersFile"] = _usersFile!,
        ["Gateway:Smtp:Auth:FailureDelay"] = "00:00:00.2",
        ["Gateway:Smtp:Tls:ImplicitListen"] = $"127.0.0.1:{ImplicitTlsPort}",
    };

    public override async Task InitializeAsync()
    {
        await _certificate.InitializeAsync();
        _usersFile = Path.Combine(_certificate.Directory, "smtp-users");
        await File.WriteAllTextAsync(_usersFile, await HashLineAsync(User, Password));
        await base.InitializeAsync();
    }

    /// <summary>The users-file line as an operator makes it: <c>Gateway auth hash USER</c> with the password on stdin.</summary>
    public static async Task<string> HashLineAsync(string user, string password)
    {
        var result = await ProcessRunner.RunCheckedAsync("dotnet", [GatewayProcess.LocateAssembly(), "auth", "hash", user],
            standardInput: Encoding.UTF8.GetBytes(password + "\n"));
        return result.StandardOutput;
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _certificate.DisposeAsync();
        }
    }
}
