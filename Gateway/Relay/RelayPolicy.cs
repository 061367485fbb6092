using System.Net;

namespace Gateway.Relay;

/// <summary>
/// Who may send what through the gateway: X.400 recipients from anyone (that is what the gateway is for), other
/// recipients only from trusted networks, so that the gateway is never an open relay.
/// </summary>
public sealed class RelayPolicy(IReadOnlyList<IPNetwork> trustedNetworks)
{
    public bool IsTrusted(IPAddress? client)
    {
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        foreach (var network in trustedNetworks)
        {
            if (network.Contains(client)) return true;
        }
        return false;
    }
}
