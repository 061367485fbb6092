namespace Gateway.X400;

/// <summary>
/// Encodes and decodes the X.411 MTS-APDU <c>message [0]</c> alternative: DER on the way out, any BER on the
/// way in. Reports and probes are not supported yet.
/// </summary>
public static class MtsApduCodec
{
    /// <summary>DER encoding of <c>MTS-APDU message [0]</c>; the first octet is 0xA0.</summary>
    /// <exception cref="ArgumentException">A field is missing, too long or outside its X.411 value range; the message names it.</exception>
    public static byte[] Encode(P1Message message) => P1Encoder.Encode(message);

    /// <exception cref="X400DecodeException">The input is not a well-formed MTS-APDU message; the message says what and where.</exception>
    public static P1Message Decode(ReadOnlyMemory<byte> data) => P1Decoder.Decode(data);

    /// <summary>DER encoding of an ORName ([APPLICATION 0], first octet 0x60), e.g. for an X.420 ORDescriptor formal-name.</summary>
    /// <exception cref="ArgumentException">The address fails <see cref="OrAddress.TryValidate"/>.</exception>
    public static byte[] EncodeOrName(OrName name) => P1Encoder.EncodeOrName(name);

    /// <exception cref="X400DecodeException">The input is not exactly one well-formed ORName.</exception>
    public static OrName DecodeOrName(ReadOnlyMemory<byte> data) => P1Decoder.DecodeOrName(data);
}
