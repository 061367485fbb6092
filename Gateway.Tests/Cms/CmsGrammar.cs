namespace Gateway.Tests.Cms;

/// <summary>
/// Random CMS objects from the RFC 5652 grammar: SignedData, EnvelopedData, AuthEnvelopedData and CompressedData with
/// every RecipientInfo kind, nested through eContent (directly, in a ContentInfo, under id-data), each element encoded
/// with a definite or an indefinite length, OCTET STRINGs primitive or in segments. Now and then an element is replaced
/// by noise or dropped, so that the readers meet almost-valid input at every depth, which random bytes never reach.
/// Driven by a seed, so a failing case is reproduced by its seed.
/// </summary>
internal sealed class CmsGrammar(int seed)
{
    private static readonly string[] ContentTypes =
    [
        "1.2.840.113549.1.7.1", "1.2.840.113549.1.7.2", "1.2.840.113549.1.7.3", "1.2.840.113549.1.9.16.1.23",
        "1.2.840.113549.1.9.16.1.9", "1.2.840.113549.1.9.16.1.6", CmsOids.Ipm88, CmsOids.Stanag4406,
    ];

    private static readonly string[] Algorithms =
    [
        "2.16.840.1.101.3.4.2.1", "1.3.14.3.2.26", "1.2.840.113549.1.1.1", "1.2.840.10045.4.3.2", "2.16.840.1.101.3.4.1.42",
        "1.2.840.113549.3.7", "2.16.840.1.101.3.4.1.5", "1.2.3.4.5.6.7.8.9.10.11.12.13",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A ContentInfo, or (rarely) something else entirely.</summary>
    public byte[] ContentInfo() => Chance(0.03) ? Noise() : ContentInfo(depth: 0);

    private byte[] ContentInfo(int depth)
    {
        var type = Chance(0.9) ? Pick(ContentTypes[1..5]) : Pick(ContentTypes);
        return Sequence(Oid(type), Tagged(0xA0, Layer(type, depth)));
    }

    private byte[] Layer(string type, int depth) => type switch
    {
        "1.2.840.113549.1.7.2" => SignedData(depth),
        "1.2.840.113549.1.7.3" => EnvelopedData(depth, authenticated: false),
        "1.2.840.113549.1.9.16.1.23" => EnvelopedData(depth, authenticated: true),
        "1.2.840.113549.1.9.16.1.9" => Sequence(Integer(0), Algorithm(), EncapsulatedContentInfo(depth, compressed: true)),
        _ => Noise(),
    };

    private byte[] SignedData(int depth) => Sequence(
        Integer(Pick([1, 3, 4, 5])),
        Set(Repeat(0, 3, Algorithm)),
        EncapsulatedContentInfo(depth, compressed: false),
        Optional(() => Tagged(0xA0, Concat(Repeat(0, 2, Noise)))),
        Optional(() => Tagged(0xA1, Concat(Repeat(0, 2, Noise)))),
        Set(Repeat(0, 3, SignerInfo)));

    private byte[] EncapsulatedContentInfo(int depth, bool compressed)
    {
        var type = Pick(ContentTypes);
        if (Chance(0.15))
        {
            return Sequence(Oid(type)); // detached
        }
        byte[] content;
        if (compressed || depth >= 4 || Chance(0.3))
        {
            content = Bytes(_random.Next(0, 64));
        }
        else if (type is "1.2.840.113549.1.7.1" or "1.2.840.113549.1.9.16.1.6" || Chance(0.4))
        {
            content = ContentInfo(depth + 1);
        }
        else
        {
            content = Layer(type, depth + 1);
        }
        return Sequence(Oid(type), Tagged(0xA0, OctetString(0x04, content)));
    }

    private byte[] SignerInfo() => Sequence(
        Integer(Pick([1, 3])),
        Identifier(),
        Algorithm(),
        Optional(() => Tagged(0xA0, Sequence(Oid("1.2.840.113549.1.9.3"), Set(Oid(Pick(ContentTypes)))))),
        Algorithm(),
        OctetString(0x04, Bytes(_random.Next(0, 32))),
        Optional(() => Tagged(0xA1, Noise())));

    private byte[] EnvelopedData(int depth, bool authenticated) => Sequence(
        Integer(Pick([0, 2, 3, 4])),
        Optional(() => Tagged(0xA0, Concat(Optional(() => Tagged(0xA0, Noise())), Optional(() => Tagged(0xA1, Noise()))))),
        Set(Repeat(0, 3, RecipientInfo)),
        Sequence(Oid(Pick(ContentTypes)), Algorithm(), Optional(() => OctetString(0x80, Bytes(_random.Next(0, 64))))),
        authenticated ? Concat(Optional(() => Tagged(0xA1, Noise())), OctetString(0x04, Bytes(16))) : [],
        Optional(() => Tagged(authenticated ? (byte)0xA2 : (byte)0xA1, Noise())));

    private byte[] RecipientInfo() => _random.Next(5) switch
    {
        0 => Sequence(Integer(Pick([0, 2])), Identifier(), Algorithm(), OctetString(0x04, Bytes(24))),
        1 => Tagged(0xA1, Concat(
            Integer(3),
            Tagged(0xA0, Noise()),
            Optional(() => Tagged(0xA1, OctetString(0x04, Bytes(8)))),
            Algorithm(),
            Sequence(Concat(Repeat(0, 2, () => Sequence(
                Chance(0.5) ? Identifier() : Tagged(0xA0, Concat(OctetString(0x04, Bytes(20)), Optional(() => Tlv(0x18, "20260101000000Z"u8.ToArray())))),
                OctetString(0x04, Bytes(24)))))))),
        2 => Tagged(0xA2, Concat(Integer(4), Sequence(OctetString(0x04, Bytes(3))), Algorithm(), OctetString(0x04, Bytes(24)))),
        3 => Tagged(0xA3, Concat(Integer(0), Optional(() => Tagged(0xA0, Oid("1.2.840.113549.1.5.12"))), Algorithm(), OctetString(0x04, Bytes(32)))),
        _ => Tagged(0xA4, Concat(Oid("1.2.3.4"), Noise())),
    };

    private byte[] Identifier() => Chance(0.5)
        ? Sequence(Name(), Integer(_random.Next()))
        : Tlv(0x80, Bytes(20));

    private byte[] Name() => Sequence(Concat(Repeat(0, 3, () => Set(Sequence(
        Oid(Pick(["2.5.4.3", "2.5.4.10", "2.5.4.6", "1.2.840.113549.1.9.1"])),
        Tlv(Pick(new byte[] { 0x0C, 0x13, 0x16, 0x14, 0x1E, 0x1C, 0x04 }), Bytes(_random.Next(0, 12))))))));

    private byte[] Algorithm() => Chance(0.7) ? Sequence(Oid(Pick(Algorithms))) : Sequence(Oid(Pick(Algorithms)), Tlv(0x05, []));

    // Encoding, with the damage: a constructed element is sometimes dropped, replaced by noise, or given an
    // indefinite length; every such choice still produces well-formed BER unless it is noise.
    private byte[] Sequence(params byte[][] children) => Constructed(0x30, Concat(children));

    private byte[] Set(params byte[][] children) => Constructed(0x31, Concat(children));

    private byte[] Tagged(byte tag, byte[] content) => Constructed(tag, content);

    private byte[] Constructed(byte tag, byte[] content)
    {
        if (Chance(0.01))
        {
            return [];
        }
        if (Chance(0.01))
        {
            return Noise();
        }
        return Chance(0.3) ? [tag, 0x80, .. content, 0x00, 0x00] : Tlv(tag, content);
    }

    private byte[] OctetString(byte tag, byte[] content)
    {
        if (content.Length == 0 || Chance(0.6))
        {
            return Tlv(tag, content);
        }
        var segments = new List<byte[]>();
        for (var at = 0; at < content.Length;)
        {
            var size = Math.Min(content.Length - at, _random.Next(1, 40));
            segments.Add(Tlv(0x04, content[at..(at + size)]));
            at += size;
        }
        var constructedTag = (byte)(tag | 0x20);
        return Chance(0.5) ? [constructedTag, 0x80, .. Concat([.. segments]), 0x00, 0x00] : Tlv(constructedTag, Concat([.. segments]));
    }

    private byte[] Oid(string oid)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    private byte[] Integer(long value)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteInteger(Chance(0.02) ? -value : value);
        return writer.Encode();
    }

    private byte[] Noise()
    {
        var length = _random.Next(0, 12);
        var bytes = Bytes(length);
        return Chance(0.5) ? Tlv((byte)_random.Next(256), bytes) : bytes;
    }

    private byte[] Optional(Func<byte[]> make) => Chance(0.5) ? make() : [];

    private byte[][] Repeat(int min, int max, Func<byte[]> make) => [.. Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => make())];

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(T[] choices) => choices[_random.Next(choices.Length)];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Tlv(byte tag, byte[] content)
    {
        byte[] length = content.Length switch
        {
            < 0x80 => [(byte)content.Length],
            < 0x100 => [0x81, (byte)content.Length],
            < 0x10000 => [0x82, (byte)(content.Length >> 8), (byte)content.Length],
            _ => [0x83, (byte)(content.Length >> 16), (byte)(content.Length >> 8), (byte)content.Length],
        };
        return [tag, .. length, .. content];
    }
}
