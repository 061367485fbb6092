using Gateway.Cms;
using Org.BouncyCastle.Asn1;

namespace Gateway.Tests.Cms;

/// <summary>
/// <see cref="DerForm"/> says an encoding is DER exactly when BouncyCastle's DER re-encoding would leave it as it is: the
/// signature over signed attributes is then checked on the octets as sent.
/// </summary>
public sealed class DerFormTests
{
    private static byte[] Der(Asn1Encodable value) => value.GetEncoded(Asn1Encodable.Der);

    private static bool SameAfterReencoding(byte[] encoding) =>
        Asn1Object.FromByteArray(encoding).GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(encoding);

    [Theory]
    [InlineData("3100", true)] // empty SET
    [InlineData("3106020101020102", true)] // SET {1, 2}
    [InlineData("3106020102020101", false)] // SET {2, 1}: out of order
    [InlineData("3006020102020101", true)] // SEQUENCE keeps its order
    [InlineData("30800201010000", false)] // indefinite length
    [InlineData("308103020101", false)] // length in more octets than needed
    [InlineData("2406040161040162", false)] // constructed OCTET STRING
    [InlineData("040161", true)]
    [InlineData("04016100", false)] // an octet after the element
    [InlineData("0402", false)] // truncated
    [InlineData("a0050403616263", true)] // context tag, constructed, around an OCTET STRING
    [InlineData("310704010104020100", true)] // SET {'01'H, '0100'H}: compared as octets, 04 01 01 before 04 02 01 00
    [InlineData("310704020100040101", false)]
    [InlineData("3106020101020101", true)] // equal elements may repeat
    public void Reads_the_form_of_an_encoding(string hex, bool der) => Assert.Equal(der, DerForm.IsDer(Convert.FromHexString(hex)));

    [Fact]
    public void What_BouncyCastle_encodes_in_DER_is_DER_and_what_it_encodes_in_BER_is_not_unless_the_same()
    {
        var random = new Random(5652);
        for (var i = 0; i < 500; i++)
        {
            var value = RandomValue(random, depth: 0);
            var der = Der(value);
            Assert.True(DerForm.IsDer(der), Convert.ToHexString(der));
            var ber = value.GetEncoded(Asn1Encodable.Ber);
            Assert.Equal(SameAfterReencoding(ber), DerForm.IsDer(ber));
        }
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_not_taken_for_DER()
    {
        Asn1Encodable value = DerInteger.ValueOf(1);
        for (var i = 0; i < 40; i++) value = new DerSequence(value);

        Assert.False(DerForm.IsDer(Der(value)));
    }

    private static Asn1Encodable RandomValue(Random random, int depth)
    {
        var kind = random.Next(depth < 4 ? 8 : 3);
        switch (kind)
        {
            case 0: return DerInteger.ValueOf(random.Next(-1000, 100_000));
            case 1:
                {
                    var octets = new byte[random.Next(0, 4)];
                    random.NextBytes(octets);
                    return random.Next(2) == 0 ? new DerOctetString(octets) : new BerOctetString(octets);
                }
            case 2: return new DerUtf8String(new string('a', random.Next(0, 3)));
            default:
                {
                    var items = new Asn1EncodableVector();
                    for (var n = random.Next(0, 4); n > 0; n--) items.Add(RandomValue(random, depth + 1));
                    return kind switch
                    {
                        3 => new BerSequence(items),
                        4 => new DerSequence(items),
                        5 => new BerSet(items),
                        6 => new DerSet(items),
                        _ => new BerTaggedObject(true, random.Next(0, 3), new BerSequence(items)),
                    };
                }
        }
    }
}
