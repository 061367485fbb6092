namespace Gateway.Cms;

/// <summary>
/// Names for the OIDs an operator meets in CMS-X.400 traffic, as the defining RFCs spell them (RFC 3370, 3565,
/// 5084, 5754, 5758, 8419): logs then read like the specifications. An OID not listed keeps its dotted form.
/// </summary>
internal static class CmsOidNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        // Content types
        [CmsInspector.IdData] = "id-data",
        [CmsInspector.IdSignedData] = "id-signedData",
        [CmsInspector.IdEnvelopedData] = "id-envelopedData",
        [CmsInspector.IdAuthEnvelopedData] = "id-ct-authEnvelopedData",
        [CmsInspector.IdCompressedData] = "id-ct-compressedData",
        [CmsInspector.IdContentInfo] = "id-ct-contentInfo",
        ["1.2.840.113549.1.9.3"] = "contentType",

        // Digests
        ["1.2.840.113549.2.5"] = "md5",
        ["1.3.14.3.2.26"] = "sha1",
        ["2.16.840.1.101.3.4.2.4"] = "sha224",
        ["2.16.840.1.101.3.4.2.1"] = "sha256",
        ["2.16.840.1.101.3.4.2.2"] = "sha384",
        ["2.16.840.1.101.3.4.2.3"] = "sha512",
        ["2.16.840.1.101.3.4.2.7"] = "sha3-224",
        ["2.16.840.1.101.3.4.2.8"] = "sha3-256",
        ["2.16.840.1.101.3.4.2.9"] = "sha3-384",
        ["2.16.840.1.101.3.4.2.10"] = "sha3-512",
        ["2.16.840.1.101.3.4.2.11"] = "shake128",
        ["2.16.840.1.101.3.4.2.12"] = "shake256",

        // Signatures
        ["1.2.840.113549.1.1.1"] = "rsaEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "RSASSA-PSS",
        ["1.2.840.113549.1.1.11"] = "sha256WithRSAEncryption",
        ["1.2.840.113549.1.1.12"] = "sha384WithRSAEncryption",
        ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.113549.1.1.14"] = "sha224WithRSAEncryption",
        ["1.2.840.10040.4.1"] = "dsa",
        ["1.2.840.10040.4.3"] = "dsa-with-sha1",
        ["2.16.840.1.101.3.4.3.1"] = "dsa-with-sha224",
        ["2.16.840.1.101.3.4.3.2"] = "dsa-with-sha256",
        ["1.2.840.10045.2.1"] = "id-ecPublicKey",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10045.4.3.1"] = "ecdsa-with-SHA224",
        ["1.2.840.10045.4.3.2"] = "ecdsa-with-SHA256",
        ["1.2.840.10045.4.3.3"] = "ecdsa-with-SHA384",
        ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512",
        ["1.3.101.112"] = "Ed25519",
        ["1.3.101.113"] = "Ed448",

        // Content encryption
        ["1.3.14.3.2.7"] = "des-cbc",
        ["1.2.840.113549.3.7"] = "des-ede3-cbc",
        ["1.2.840.113549.3.2"] = "rc2-cbc",
        ["2.16.840.1.101.3.4.1.2"] = "aes128-CBC",
        ["2.16.840.1.101.3.4.1.22"] = "aes192-CBC",
        ["2.16.840.1.101.3.4.1.42"] = "aes256-CBC",
        ["2.16.840.1.101.3.4.1.6"] = "aes128-GCM",
        ["2.16.840.1.101.3.4.1.26"] = "aes192-GCM",
        ["2.16.840.1.101.3.4.1.46"] = "aes256-GCM",
        ["2.16.840.1.101.3.4.1.7"] = "aes128-CCM",
        ["2.16.840.1.101.3.4.1.27"] = "aes192-CCM",
        ["2.16.840.1.101.3.4.1.47"] = "aes256-CCM",

        // Key management
        ["1.2.840.113549.1.1.7"] = "RSAES-OAEP",
        ["2.16.840.1.101.3.4.1.5"] = "aes128-wrap",
        ["2.16.840.1.101.3.4.1.25"] = "aes192-wrap",
        ["2.16.840.1.101.3.4.1.45"] = "aes256-wrap",
        ["1.2.840.113549.1.9.16.3.6"] = "id-alg-CMS3DESwrap",
        ["1.2.840.113549.1.9.16.3.9"] = "id-alg-PWRI-KEK",
        ["1.2.840.113549.1.5.12"] = "PBKDF2",
        ["1.3.133.16.840.63.0.2"] = "dhSinglePass-stdDH-sha1kdf-scheme",
        ["1.3.132.1.11.0"] = "dhSinglePass-stdDH-sha224kdf-scheme",
        ["1.3.132.1.11.1"] = "dhSinglePass-stdDH-sha256kdf-scheme",
        ["1.3.132.1.11.2"] = "dhSinglePass-stdDH-sha384kdf-scheme",
        ["1.3.132.1.11.3"] = "dhSinglePass-stdDH-sha512kdf-scheme",
        ["1.3.133.16.840.63.0.3"] = "dhSinglePass-cofactorDH-sha1kdf-scheme",
        ["1.3.132.1.14.1"] = "dhSinglePass-cofactorDH-sha256kdf-scheme",

        // Compression
        ["1.2.840.113549.1.9.16.3.8"] = "zlib",
    };

    public static string? NameOf(string oid) => Names.GetValueOrDefault(oid);

    /// <summary>"1.2.840.113549.1.7.1 (id-data)", or the bare OID when it has no name here.</summary>
    public static string Describe(string oid) => NameOf(oid) is { } name ? $"{oid} ({name})" : oid;
}
