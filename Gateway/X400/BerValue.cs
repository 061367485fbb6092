using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// One complete BER element (tag, length and contents) that the gateway carries without modelling it: an extension
/// value, per-domain bilateral information, a trace entry's additional actions, a report's additional information.
/// It is kept octet for octet, even when it is BER that DER would have written differently, because the gateway cannot
/// re-encode a type it does not know and must not change what another system signed or agreed on bilaterally.
/// </summary>
public sealed record BerValue
{
    private readonly byte[] _encoding;

    /// <exception cref="ArgumentException">The octets are not exactly one well-formed BER element.</exception>
    public BerValue(ReadOnlySpan<byte> encoding)
    {
        const string NotOneElement = "the octets are not exactly one BER element (tag, length, contents)";
        bool read;
        int consumed;
        try
        {
            read = AsnDecoder.TryReadEncodedValue(encoding, AsnEncodingRules.BER, out _, out _, out _, out consumed);
        }
        catch (AsnContentException e)
        {
            // "Try" only covers a tag or length that is not all there: an indefinite length without its end-of-contents, a
            // length past int.MaxValue or a malformed tag inside still throw.
            throw new ArgumentException(NotOneElement, nameof(encoding), e);
        }
        if (!read || consumed != encoding.Length) throw new ArgumentException(NotOneElement, nameof(encoding));
        _encoding = encoding.ToArray();
    }

    // The flag only gives this unchecked constructor a signature that new(byte[]) cannot reach by accident.
    private BerValue(byte[] decoded, bool trusted) => _encoding = trusted ? decoded : decoded.ToArray();

    /// <summary>The complete encoding, tag first.</summary>
    public ReadOnlyMemory<byte> Encoding => _encoding;

    public Asn1Tag Tag => Asn1Tag.Decode(_encoding, out _);

    /// <summary>The BER of NULL (05 00), the DEFAULT of an ExtensionField value.</summary>
    public bool IsNull => _encoding is [0x05, 0x00];

    /// <exception cref="FormatException">The text is not hexadecimal.</exception>
    /// <exception cref="ArgumentException">The octets are not exactly one BER element.</exception>
    public static BerValue FromHex(string hex) => new(Convert.FromHexString(hex).AsSpan());

    /// <summary>For the decoder, which has just read these octets as one element; skips the second parse.</summary>
    internal static BerValue FromDecoded(byte[] encoding) => new(encoding, trusted: true);

    public bool Equals(BerValue? other) => other is not null && _encoding.AsSpan().SequenceEqual(other._encoding);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_encoding);
        return hash.ToHashCode();
    }

    /// <summary>Upper-case hexadecimal, as <c>x400 dump</c> prints it.</summary>
    public override string ToString() => Convert.ToHexString(_encoding);
}
