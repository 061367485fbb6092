using Gateway.Cms.Verification;

namespace Gateway.Certificates;

/// <summary>
/// Reads <see cref="TrustAnchors"/> from the files configuration names: PEM bundles (as OpenSSL's CAfile) or single DER
/// certificates and CRLs, and directories of them (as OpenSSL's CApath, without the hash links). Kept apart from the
/// CMS code, which takes bytes.
/// </summary>
public static class TrustAnchorFiles
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer", ".der", ".crl"];

    /// <param name="paths">Files, and directories whose files with a certificate or CRL extension are read (not recursively).</param>
    /// <exception cref="FormatException">A file holds something else; the message names the file.</exception>
    /// <exception cref="IOException">A path cannot be read.</exception>
    public static TrustAnchors Load(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"trust anchor path {path} does not exist", path);
            }
        }
        return TrustAnchors.Parse(files.Select(f => (f, (ReadOnlyMemory<byte>)File.ReadAllBytes(f))));
    }
}
