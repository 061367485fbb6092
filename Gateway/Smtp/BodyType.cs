namespace Gateway.Smtp;

/// <summary>The MAIL BODY parameter: 7BIT (RFC 5321), 8BITMIME (RFC 6152) or BINARYMIME (RFC 3030).</summary>
public enum BodyType
{
    Unspecified,
    SevenBit,
    EightBitMime,
    BinaryMime,
}
