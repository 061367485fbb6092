using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Gateway.Cms.Verification;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// Correspondents' certificates and CRLs kept in one directory (RFC 3854 §4.2: a receiving agent SHOULD store them):
/// PEM or DER files, any number per PEM file. The gateway adds certificates it harvests or an operator imports as
/// <c>&lt;sha256&gt;.pem</c>, written beside and renamed in, so a reader never sees half a file. Files an operator drops
/// in are seen by the lookups once the directory has changed (within 200 ms); a file that does not parse is skipped and reported in
/// <see cref="Problems"/>, not fatal: one bad file must not take every correspondent's certificate away.
/// </summary>
public sealed class LocalCertificateStore : ICertificateDirectory
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer", ".der", ".crl"];
    private readonly string _directory;
    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private DateTime _loadedStamp = DateTime.MinValue;

    public LocalCertificateStore(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Reload();
    }

    public string Name => $"store {_directory}";

    public string Directory => _directory;

    /// <summary>Files skipped at the last load, each with why.</summary>
    public IReadOnlyList<string> Problems => Current().Problems;

    public IReadOnlyList<X509Certificate> Certificates => Current().Certificates;

    public IReadOnlyList<X509Crl> Crls => Current().Crls;

    public Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(Find(query));

    public IReadOnlyList<X509Certificate> Find(CertificateQuery query) =>
        Current().Index.TryGetValue(query.Key, out var found) ? [.. found.Where(query.Matches)] : [];

    public Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<X509Crl>>([.. Current().Crls.Where(c => c.IssuerDN.Equivalent(issuer))]);

    /// <summary>Adds a certificate unless the store holds it already.</summary>
    /// <returns>The file written, or null when it was there.</returns>
    public string? Add(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // Harvesting offers the same few certificates with every message: the snapshot answers without hashing or writing.
        if (Current().Holds(certificate)) return null;
        var encoded = certificate.GetEncoded();
        var name = Convert.ToHexStringLower(SHA256.HashData(encoded));
        lock (_gate)
        {
            if (Current().Holds(certificate)) return null;
            System.IO.Directory.CreateDirectory(_directory);
            var path = Path.Combine(_directory, $"{name}.pem");
            var scratch = Path.Combine(_directory, $".{name}.{Environment.ProcessId}.tmp");
            File.WriteAllText(scratch, Pem(encoded));
            File.Move(scratch, path, overwrite: true);
            _loadedStamp = DateTime.MinValue; // the next lookup reads the directory again
            _checkedAt = long.MinValue / 2;
            return path;
        }
    }

    /// <summary>Reads the directory now.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            _snapshot = Load(_directory);
            _loadedStamp = Stamp();
        }
    }

    private Snapshot Current()
    {
        // A directory's modification time changes when a file is added, removed or renamed in it. Asked at most every
        // 200 ms (two stat calls each time were a measurable part of verifying a message); what this process adds is seen at once.
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _checkedAt) >= 200)
        {
            Volatile.Write(ref _checkedAt, now);
            if (Stamp() != _loadedStamp) Reload();
        }
        return _snapshot;
    }

    private long _checkedAt = long.MinValue / 2;

    private DateTime Stamp() => System.IO.Directory.Exists(_directory) ? System.IO.Directory.GetLastWriteTimeUtc(_directory) : DateTime.MinValue;

    private static Snapshot Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return Snapshot.Empty;
        var certificates = new List<X509Certificate>();
        var crls = new List<X509Crl>();
        var problems = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (!Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)) continue;
            try
            {
                var parsed = TrustAnchors.Parse([(file, File.ReadAllBytes(file))]);
                certificates.AddRange(parsed.Certificates);
                crls.AddRange(parsed.Crls);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e is FormatException ? e.Message : $"{file}: {e.Message}");
            }
        }
        certificates = [.. certificates.Distinct()];
        var index = new Dictionary<string, List<X509Certificate>>(StringComparer.Ordinal);
        foreach (var certificate in certificates)
        {
            foreach (var key in CertificateQuery.KeysOf(certificate).Distinct())
            {
                if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                list.Add(certificate);
            }
        }
        return new Snapshot(certificates, [.. crls.Distinct()], index, problems);
    }

    private static string Pem(byte[] der) =>
        $"-----BEGIN CERTIFICATE-----\n{string.Join('\n', Convert.ToBase64String(der).Chunk(64).Select(c => new string(c)))}\n-----END CERTIFICATE-----\n";

    private sealed record Snapshot(
        IReadOnlyList<X509Certificate> Certificates,
        IReadOnlyList<X509Crl> Crls,
        IReadOnlyDictionary<string, List<X509Certificate>> Index,
        IReadOnlyList<string> Problems)
    {
        public static readonly Snapshot Empty = new([], [], new Dictionary<string, List<X509Certificate>>(), []);

        private readonly HashSet<X509Certificate> _known = [.. Certificates];

        // Certificate instances found in this snapshot: a carried certificate is one instance per encoding
        // (InternedCertificates), and comparing by value hashed its encoding for every message.
        private readonly ConditionalWeakTable<X509Certificate, object> _seen = new();

        public bool Holds(X509Certificate certificate)
        {
            if (_seen.TryGetValue(certificate, out _)) return true;
            if (!_known.Contains(certificate)) return false;
            _seen.AddOrUpdate(certificate, _known);
            return true;
        }
    }
}
