using Gateway.Cms.Signing;

namespace Gateway.Relay;

/// <summary>
/// The gateway's own keys: its signing identity (<c>Gateway:Security:Identity</c>) and the identities whose mail it may
/// decrypt (<c>Gateway:Security:DecryptionIdentities</c>).
/// </summary>
public sealed record GatewayIdentity(SigningIdentity? Signing, IReadOnlyList<SigningIdentity> Decryption)
{
    public static readonly GatewayIdentity None = new(null, []);
}
