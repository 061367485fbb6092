using Gateway.Cms.Signing;

namespace Gateway.Relay;

/// <summary>The gateway's own signing identity, when <c>Gateway:Security:Identity</c> configures one.</summary>
public sealed record GatewayIdentity(SigningIdentity? Signing)
{
    public static readonly GatewayIdentity None = new((SigningIdentity?)null);
}
