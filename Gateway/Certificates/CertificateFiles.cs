using Gateway.Cms.Verification;

namespace Gateway.Certificates;

/// <summary>
/// Reads trust anchors (certificates and CRLs) from the files and directories the configuration names. A directory
/// contributes its <c>*.pem</c>, <c>*.crt</c>, <c>*.cer</c>, <c>*.der</c> and <c>*.crl</c> files, in name order.
/// </summary>
public static class CertificateFiles
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer", ".der", ".crl"];

    /// <exception cref="FormatException">A file is not a certificate or CRL; the message names the file.</exception>
    /// <exception cref="IOException">A file or directory cannot be read.</exception>
    public static TrustAnchors LoadTrustAnchors(IEnumerable<string> paths) =>
        TrustAnchors.Parse(Expand(paths).Select(f => (f, (ReadOnlyMemory<byte>)File.ReadAllBytes(f))));

    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
