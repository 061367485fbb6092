namespace Gateway.X400;

/// <summary>
/// Encodes and decodes the X.411 MTS-APDU: <c>message [0]</c> and <c>report [1]</c>. DER on the way out, any BER on the
/// way in. Probes are not supported.
/// </summary>
public static class MtsApduCodec
{
    /// <summary>DER encoding of <c>MTS-APDU message [0]</c>; the first octet is 0xA0.</summary>
    /// <exception cref="ArgumentException">A field is missing, too long or outside its X.411 value range; the message names it.</exception>
    public static byte[] Encode(P1Message message) => P1Encoder.Encode(message);

    /// <summary>
    /// DER encoding of <c>MTS-APDU report [1]</c>; the first octet is 0xA1. Values kept as BER (extension values,
    /// additional information) are written as they are.
    /// </summary>
    /// <exception cref="ArgumentException">A field is missing, too long or outside its X.411 value range; the message names it.</exception>
    public static byte[] Encode(P1Report report) => P1ReportEncoder.Encode(report);

    /// <exception cref="ArgumentException">As for the message and report overloads; also for an APDU of another kind.</exception>
    public static byte[] Encode(MtsApdu apdu) => apdu switch
    {
        P1Message message => Encode(message),
        P1Report report => Encode(report),
        null => throw new ArgumentNullException(nameof(apdu)),
        _ => throw new ArgumentException($"{apdu.GetType().Name} is not an MTS-APDU the codec encodes", nameof(apdu)),
    };

    /// <summary>A message or a report, whichever the input holds.</summary>
    /// <exception cref="X400DecodeException">The input is not a well-formed MTS-APDU message or report (a probe included); the message says what and where.</exception>
    public static MtsApdu DecodeApdu(ReadOnlyMemory<byte> data) => P1Decoder.DecodeApdu(data);

    /// <exception cref="X400DecodeException">The input is not a well-formed MTS-APDU message (a report included); the message says what and where.</exception>
    public static P1Message Decode(ReadOnlyMemory<byte> data) => P1Decoder.Decode(data);

    /// <summary>DER encoding of an ORName ([APPLICATION 0], first octet 0x60), e.g. for an X.420 ORDescriptor formal-name.</summary>
    /// <exception cref="ArgumentException">The address fails <see cref="OrAddress.TryValidate"/>.</exception>
    public static byte[] EncodeOrName(OrName name) => P1Encoder.EncodeOrName(name);

    /// <exception cref="X400DecodeException">The input is not exactly one well-formed ORName.</exception>
    public static OrName DecodeOrName(ReadOnlyMemory<byte> data) => P1Decoder.DecodeOrName(data);
}
