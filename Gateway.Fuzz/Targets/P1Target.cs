using Gateway.X400;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// The MTS-APDU decoder (message and report). What it decodes must be something the encoder writes, and what the
/// encoder writes must decode to a value that it writes the same again. (Not the first value itself: the decoder skips a
/// directory name and notes that it did, <see cref="OrName.HadDirectoryName"/>, and the encoder writes none.)
/// </summary>
public static class P1Target
{
    public static string Run(ReadOnlyMemory<byte> input)
    {
        MtsApdu apdu;
        try
        {
            apdu = MtsApduCodec.DecodeApdu(input);
        }
        catch (X400DecodeException e)
        {
            return $"refused: {e.Message}";
        }
        byte[] encoded;
        try
        {
            encoded = MtsApduCodec.Encode(apdu);
        }
        catch (ArgumentException e)
        {
            throw new InvariantViolationException($"decoded, but the encoder refuses the value: {e.Message}", e);
        }
        MtsApdu again;
        try
        {
            again = MtsApduCodec.DecodeApdu(encoded);
        }
        catch (X400DecodeException e)
        {
            throw new InvariantViolationException($"the DER the encoder wrote does not decode: {e.Message}", e);
        }
        if (!MtsApduCodec.Encode(again).AsSpan().SequenceEqual(encoded)) throw new InvariantViolationException("decode, encode, decode, encode gave other DER");
        if (!MtsApduCodec.DecodeApdu(encoded).Equals(again)) throw new InvariantViolationException("the value decoded from the encoder's DER does not come back from that DER");
        return apdu switch
        {
            P1Message m => $"message {m.Envelope.MessageIdentifier.LocalIdentifier} to {m.Envelope.Recipients.Count} recipients, {m.Content.Length} octets",
            P1Report r => $"report {r.Envelope.ReportIdentifier.LocalIdentifier} with {r.Content.Recipients.Count} recipients",
            _ => apdu.GetType().Name,
        };
    }
}
