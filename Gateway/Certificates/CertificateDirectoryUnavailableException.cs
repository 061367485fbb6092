namespace Gateway.Certificates;

/// <summary>A directory that cannot be asked now (server down, bind refused, timeout): a temporary condition, 4.x.x.</summary>
public sealed class CertificateDirectoryUnavailableException(string directory, string reason, Exception? inner = null)
    : Exception($"{directory} is unavailable: {reason}", inner)
{
    public string Directory { get; } = directory;
}
