namespace Gateway.Smtp.Server.Tls;

/// <summary>A certificate or key file could not be used; names the file so that the message can point at it.</summary>
internal sealed class CertificateLoadException(string path, string reason) : Exception($"'{path}' cannot be loaded: {reason}")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
