using System.Security.Cryptography;

namespace Gateway.Cms.Verification;

/// <summary>
/// One imported public key. .NET does not promise that one key object may verify on several threads at once, so users
/// hold <see cref="Gate"/> for the call; one verification is too short for the lock to matter. Never
/// disposed: a key dropped from the cache may still be in use, and the finalizer releases it.
/// </summary>
internal sealed class PlatformKey(AsymmetricAlgorithm algorithm)
{
    public AsymmetricAlgorithm Algorithm { get; } = algorithm;

    public Lock Gate { get; } = new();
}
