using System.Formats.Asn1;

namespace Gateway.Cms;

/// <summary>One TLV of a scanned <see cref="BerDocument"/>; offsets are within that document's buffer.</summary>
/// <param name="ContentLength">For an indefinite length, the octets before the end-of-contents.</param>
/// <param name="End">Just after the element, its end-of-contents included.</param>
internal readonly record struct BerElement(int Offset, Asn1Tag Tag, int ContentOffset, int ContentLength, int End)
{
    public bool IsConstructed => Tag.IsConstructed;

    public bool Is(Asn1Tag tag) => Tag.HasSameClassAndValue(tag);
}
