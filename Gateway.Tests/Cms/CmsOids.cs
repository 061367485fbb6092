namespace Gateway.Tests.Cms;

/// <summary>OIDs the CMS tests assert on, spelled out here rather than taken from the code under test.</summary>
internal static class CmsOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string EnvelopedData = "1.2.840.113549.1.7.3";
    public const string CompressedData = "1.2.840.113549.1.9.16.1.9";
    public const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";

    /// <summary>id-mct-p22: IPM 1988.</summary>
    public const string Ipm88 = "2.6.1.10.1";

    /// <summary>STANAG 4406 military message content.</summary>
    public const string Stanag4406 = "1.3.26.0.4406.0.4.1";
}
