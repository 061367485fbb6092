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
        var members = encodedMembers as byte[][] ?? [.. encodedMembers];
        var order = new (int TagClass, int TagValue, int Index)[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var tag = Asn1Tag.Decode(members[i], out _);
            order[i] = ((int)tag.TagClass, tag.TagValue, i); // the index keeps equal tags in their given order
        }
        Array.Sort(order);
        var set = PooledAsnWriters.Rent(AsnEncodingRules.BER);
        using (set.PushSetOf(setTag))
        {
            foreach (var (_, _, index) in order) set.WriteEncodedValue(members[index]);
        }
        set.Encode(writer, static (w, encoded) =>
        {
            w.WriteEncodedValue(encoded);
            return true;
        });
        PooledAsnWriters.Return(set);
    }

    /// <summary>DER-encodes one value on its own, ready to be a SET member.</summary>
    public static byte[] Member(Action<AsnWriter> write) => PooledAsnWriters.Encode(AsnEncodingRules.DER, write);
}
