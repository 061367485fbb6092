using System.Text;
using Gateway.Smtp.Client;
using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.Tests.Smtp.Client;

public sealed class ContentDowngradeTests
{
    /// <summary>Every octet, NUL and bare CR and LF included: what only BINARYMIME may carry as is.</summary>
    internal static readonly byte[] BinaryContent = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. "\r\n\n\r\0\0"u8, .. Enumerable.Range(0, 256).Select(i => (byte)(255 - i))];

    internal static MimeMessage Parse(params byte[][] pieces) => MimeMessage.Load(new MemoryStream([.. pieces.SelectMany(p => p)]));

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));

    internal static MimeMessage BinaryPkcs7Message() => Parse(
        Ascii("From: a@origin.test\nTo: b@far.test\nSubject: binary\nMIME-Version: 1.0\n"
            + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\nContent-Transfer-Encoding: binary\n\n"),
        BinaryContent);

    internal static byte[] Decoded(MimePart part)
    {
        using var content = new MemoryStream();
        var encoded = part.Content;
        Assert.NotNull(encoded);
        encoded.DecodeTo(content);
        return content.ToArray();
    }

    internal static MimeMessage Reparsed(MimeMessage message)
    {
        var wire = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, wire);
        wire.Position = 0;
        return MimeMessage.Load(wire);
    }

    [Fact]
    public void Re_encodes_a_binary_pkcs7_body_to_base64_with_the_same_octets()
    {
        var message = BinaryPkcs7Message();

        var changed = ContentDowngrade.Apply(message, eightBit: true);

        Assert.Equal(1, changed);
        var part = Assert.IsType<ApplicationPkcs7Mime>(Reparsed(message).Body);
        Assert.Equal(ContentEncoding.Base64, part.ContentTransferEncoding);
        Assert.Equal(BinaryContent, Decoded(part));
        Assert.Null(ContentDowngrade.FindUnfit(message, eightBit: true, binary: false));
    }

    [Fact]
    public void Leaves_signed_content_alone_and_reports_it_as_unfit()
    {
        var message = Parse(Ascii(
            "From: a@origin.test\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"b\"\n\n"
            + "--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: binary\n\n"), [0, 1, 2, 0xFF], Ascii(
            "\n--b\nContent-Type: application/pkcs7-signature\nContent-Transfer-Encoding: base64\n\nAAEC\n--b--\n"));

        var changed = ContentDowngrade.Apply(message, eightBit: true);

        Assert.Equal(0, changed);
        Assert.Equal("application/octet-stream", ContentDowngrade.FindUnfit(message, eightBit: true, binary: false));
        Assert.Null(ContentDowngrade.FindUnfit(message, eightBit: true, binary: true));
    }

    [Fact]
    public void Turns_8bit_text_into_quoted_printable_only_for_a_7bit_next_hop()
    {
        var raw = Encoding.UTF8.GetBytes("From: a@origin.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n");

        var forEightBit = Parse(raw);
        Assert.Equal(0, ContentDowngrade.Apply(forEightBit, eightBit: true));
        Assert.Equal(ContentEncoding.EightBit, Assert.IsType<TextPart>(forEightBit.Body).ContentTransferEncoding);

        var forSevenBit = Parse(raw);
        Assert.Equal(1, ContentDowngrade.Apply(forSevenBit, eightBit: false));
        var text = Assert.IsType<TextPart>(Reparsed(forSevenBit).Body);
        Assert.Equal(ContentEncoding.QuotedPrintable, text.ContentTransferEncoding);
        Assert.Equal("Grüße", text.Text.TrimEnd());
    }

    [Fact]
    public void Relabels_an_attached_message_whose_binary_parts_were_re_encoded()
    {
        var message = Parse(Ascii(
            "From: a@origin.test\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"o\"\n\n"
            + "--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: binary\n\n"
            + "From: inner@origin.test\nMIME-Version: 1.0\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: binary\n\n"),
            [0, 13, 10, 0xFF], Ascii("\n--o--\n"));

        var changed = ContentDowngrade.Apply(message, eightBit: true);

        Assert.Equal(2, changed);
        Assert.Null(ContentDowngrade.FindUnfit(message, eightBit: true, binary: false));
        var attached = Assert.IsType<MessagePart>(Assert.IsType<Multipart>(Reparsed(message).Body)[0]);
        Assert.Equal("8bit", attached.Headers[HeaderId.ContentTransferEncoding]);
        Assert.Equal(ContentEncoding.Base64, Assert.IsType<MimePart>(attached.Message?.Body).ContentTransferEncoding);
    }

    [Fact]
    public void Finds_utf8_in_headers_of_the_message_and_of_attached_messages()
    {
        Assert.False(ContentDowngrade.HasEightBitHeaders(Parse(Ascii("From: a@origin.test\nSubject: plain\n\nbody\n"))));
        Assert.True(ContentDowngrade.HasEightBitHeaders(Parse(Encoding.UTF8.GetBytes("From: a@origin.test\r\nSubject: Grüße\r\n\r\nbody\r\n"))));
        Assert.True(ContentDowngrade.HasEightBitHeaders(Parse(Encoding.UTF8.GetBytes(
            "From: a@origin.test\r\nMIME-Version: 1.0\r\nContent-Type: message/global\r\n\r\nFrom: jörg@origin.test\r\n\r\nbody\r\n"))));
    }
}
