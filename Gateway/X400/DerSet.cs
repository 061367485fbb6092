using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// Writes a DER SET (not SET OF). DER orders SET members by tag, class first (X.690 10.3, X.680 8.6), but
/// <see cref="AsnWriter.PushSetOf"/> under DER sorts by encoded octets, the SET OF rule (X.690 11.6). The two
/// disagree for the P1 envelope: [APPLICATION 6] INTEGER is 0x46 and [APPLICATION 4] SEQUENCE is 0x64, so octet
/// order would put content-type before message-identifier. The members are therefore DER-encoded one by one,
/// sorted by tag here, and placed in the SET by a BER writer, which keeps the order it is given and (unlike CER)
/// writes definite lengths, so the result is still DER.
/// </summary>
internal static class DerSet
{
    public static void Write(AsnWriter writer, Asn1Tag setTag, IEnumerable<byte[]> encodedMembers)
    {
        var ordered = encodedMembers
            .Select(m => (Tag: Asn1Tag.Decode(m, out _), Encoding: m))
            .OrderBy(m => (int)m.Tag.TagClass)
            .ThenBy(m => m.Tag.TagValue)
            .ToList();
        var set = new AsnWriter(AsnEncodingRules.BER);
        using (set.PushSetOf(setTag))
        {
            foreach (var member in ordered) set.WriteEncodedValue(member.Encoding);
        }
        writer.WriteEncodedValue(set.Encode());
    }

    /// <summary>DER-encodes one value on its own, ready to be a SET member.</summary>
    public static byte[] Member(Action<AsnWriter> write)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        write(w);
        return w.Encode();
    }
}
