using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// The X.400 addresses in an X.509 subjectAltName (RFC 3854 §4.3: "Receiving agents MUST recognize X.400 addresses
/// in the subjectAltName field"). The GeneralName is <c>x400Address [3] IMPLICIT ORAddress</c> (RFC 5280's implicit
/// module), so the [3] tag stands where the ORAddress SEQUENCE tag would.
/// </summary>
public static class X400AddressNames
{
    /// <summary>The OID of the subjectAltName extension.</summary>
    public const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>
    /// Reads the x400Address entries of a DER subjectAltName value (the extension's OCTET STRING contents).
    /// Other GeneralName kinds are skipped; an x400Address that cannot be decoded is an error, not skipped.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> subjectAltName, out IReadOnlyList<OrAddress> addresses, out string? error)
    {
        var found = new List<OrAddress>();
        addresses = found;
        try
        {
            var reader = new AsnReader(subjectAltName, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            if (reader.HasData)
            {
                error = "bytes follow the subjectAltName";
                return false;
            }
            var x400Address = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            while (names.HasData)
            {
                var encoded = names.ReadEncodedValue();
                if (!Asn1Tag.Decode(encoded.Span, out _).Equals(x400Address)) continue;
                // Same contents under the ORName tag ([APPLICATION 0] constructed), so the P1 decoder can read it.
                var asOrName = encoded.ToArray();
                asOrName[0] = 0x60;
                found.Add(MtsApduCodec.DecodeOrName(asOrName).Address);
            }
            error = null;
            return true;
        }
        catch (Exception e) when (e is AsnContentException or X400DecodeException)
        {
            error = $"subjectAltName: {e.Message}";
            return false;
        }
    }
}
