namespace Gateway.Operations;

/// <summary>A configured file that other users can read (a secret) or write (a secret or trust material), named by its key.</summary>
public sealed record SecretFileExposure(string Key, string Path, UnixFileMode Mode, string Problem);
