using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Gateway.Cms;

/// <summary>
/// Looks into a CMS ContentInfo (RFC 5652), DER or BER, far enough to know what it is without any key: every layer
/// from the outside in, through SignedData into the layers RFC 3854 §3.4 nests directly as eContent (or, as OpenSSL
/// does, under an id-data label), stopping at EnvelopedData, whose content is encrypted. The object must be one
/// complete ContentInfo with nothing after it, and stay within <see cref="CmsInspectionLimits"/>.
/// </summary>
public static class CmsInspector
{
    public const string IdData = "1.2.840.113549.1.7.1";
    public const string IdSignedData = "1.2.840.113549.1.7.2";
    public const string IdEnvelopedData = "1.2.840.113549.1.7.3";
    public const string IdAuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
    public const string IdCompressedData = "1.2.840.113549.1.9.16.1.9";
    public const string IdContentInfo = "1.2.840.113549.1.9.16.1.6";

    /// <summary>Begins the text of a failure that a reader's own checks should have caught first.</summary>
    internal const string UncheckedFailurePrefix = "malformed CMS (decoder): ";

    /// <summary>Never throws for any input: every failure is an invalid inspection whose text says what and where.</summary>
    public static CmsInspection Inspect(ReadOnlyMemory<byte> der, CmsInspectionLimits? limits = null)
    {
        var walker = new CmsWalker(limits ?? CmsInspectionLimits.Default);
        try
        {
            walker.Walk(der);
            return CmsInspection.Valid(Build(walker));
        }
        catch (CmsFormatException e)
        {
            return CmsInspection.Invalid(Build(walker), e.Kind, e.Message);
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or OverflowException or CryptographicException or FormatException)
        {
            // The readers check before they decode, so these mean a check is missing; the object is still refused
            // in so many words rather than with a stack trace, and the distinct wording lets tests catch it.
            return CmsInspection.Invalid(Build(walker), CmsErrorKind.Malformed, $"{UncheckedFailurePrefix}{e.Message}");
        }
    }

    private static List<CmsLayer> Build(CmsWalker walker) => [.. walker.Layers.Select(l => l.Build())];
}
