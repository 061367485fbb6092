using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Gateway.Cms.Verification;

/// <summary>
/// The ways BouncyCastle's decoders and verifiers fail on input they cannot use. Its ASN.1 objects are parsed lazily
/// and are not hardened against hostile encodings, so a bad field can surface as any of these, at first use rather than
/// at parse time; the verifier turns each into an invalid result instead of letting it reach the relay.
/// </summary>
internal static class BouncyCastleFailures
{
    public static bool IsDecodeFailure(Exception e) =>
        e is IOException // Asn1Exception, EndOfStreamException
            or ArgumentException
            or InvalidCastException
            or InvalidOperationException // Asn1ParsingException
            or FormatException
            or ArithmeticException // OverflowException, IntValueExact
            or IndexOutOfRangeException
            or NullReferenceException // a missing mandatory field in a lazily parsed structure
            or NotSupportedException
            or CmsException
            or GeneralSecurityException // CertificateException, CrlException, SignatureException, InvalidKeyException
            or CryptoException
            or SecurityUtilityException
            or CryptographicException
            or AsnContentException; // the platform's ASN.1 reader, under the name formatter and the x400Address reader

    /// <summary>The message without BouncyCastle's wrapping: the innermost message that says something.</summary>
    public static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(inner.Message))
            {
                message = $"{message}: {inner.Message}";
            }
        }
        return message;
    }
}
