using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace Gateway.Cms.Signing;

/// <summary>
/// BouncyCastle's signature operator with the arithmetic done by the platform (OpenSSL on Linux): BouncyCastle keeps the
/// CMS structure and the signed attributes, the platform signs them — about ten times faster for RSA-2048 than
/// BouncyCastle's own RSA (../shared/spec/stack-notes.md), and the gateway signs every message on a signing route.
/// SHA-256 with RSA PKCS#1 v1.5 or ECDSA, the same algorithm identifiers BouncyCastle's own factory writes.
/// </summary>
public sealed class PlatformSignatureFactory : ISignatureFactory
{
    // One import per key, not per message: importing a private key costs more than signing with it.
    // A key the platform does not take is remembered as such (a null in the box), so it is not tried again.
    private static readonly ConditionalWeakTable<AsymmetricKeyParameter, StrongBox<PlatformSignatureFactory?>> Factories = [];

    private readonly AsymmetricAlgorithm _key;

    private PlatformSignatureFactory(AsymmetricAlgorithm key, AlgorithmIdentifier algorithm)
    {
        _key = key;
        AlgorithmDetails = algorithm;
    }

    public object AlgorithmDetails { get; }

    /// <summary>The factory for <paramref name="privateKey"/>, or null when the platform cannot take the key (BouncyCastle signs then).</summary>
    public static PlatformSignatureFactory? For(AsymmetricKeyParameter privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return Factories.GetValue(privateKey, key => new StrongBox<PlatformSignatureFactory?>(Import(key))).Value;
    }

    private static PlatformSignatureFactory? Import(AsymmetricKeyParameter privateKey)
    {
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
        AsymmetricAlgorithm? key = null;
        try
        {
            switch (privateKey)
            {
                case RsaKeyParameters:
                    var rsa = RSA.Create();
                    key = rsa;
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    return new PlatformSignatureFactory(rsa, new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, Org.BouncyCastle.Asn1.DerNull.Instance));
                case ECPrivateKeyParameters:
                    var ec = ECDsa.Create();
                    key = ec;
                    ec.ImportPkcs8PrivateKey(pkcs8, out _);
                    return new PlatformSignatureFactory(ec, new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256));
            }
        }
        catch (CryptographicException)
        {
            key?.Dispose();
        }
        return null;
    }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_key);

    /// <summary>Collects what is to be signed (the DER of the signed attributes: small) and signs it when asked for the result.</summary>
    private sealed class Calculator(AsymmetricAlgorithm key) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _data = new();

        public Stream Stream => _data;

        public IBlockResult GetResult()
        {
            var data = _data.ToArray(); // BouncyCastle closes the stream before it asks for the result; ToArray still works then
            // OpenSSL-backed keys take concurrent operations: each creates its own context.
            var signature = key switch
            {
                RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                _ => throw new InvalidOperationException("no platform key"),
            };
            return new SimpleBlockResult(signature);
        }
    }
}
