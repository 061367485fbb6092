using System.Text;
using Gateway.Mime;
using MimeKit;

namespace Gateway.Tests.Mime;

public sealed class Rfc3854UnwrapperTests
{
    private static readonly byte[] Content = [0x30, 0x03, 0x02, 0x01, 0x00, 0x3D, 0x0D, 0x0A, 0xFF];

    private static async Task<UnwrapResult> Unwrap(string transferEncoding, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"Content-Type: application/pkcs7-mime; smime-type=signed-x400\r\nContent-Transfer-Encoding: {transferEncoding}\r\n\r\n");
        var message = await MimeMessage.LoadAsync(new MemoryStream([.. head, .. body]));
        return await Rfc3854Unwrapper.UnwrapAsync(message.Body!, long.MaxValue, CancellationToken.None);
    }

    [Theory]
    [InlineData("base64", "MAMCAQA9DQr/\r\n")]
    [InlineData("BASE64", "MAMC\r\nAQA9\r\nDQr/\r\n")]
    [InlineData("quoted-printable", "0=03=02=01=00=3D=0D=0A=FF")]
    public async Task Every_transfer_encoding_gives_the_same_bytes(string encoding, string body)
    {
        var result = await Unwrap(encoding, Encoding.ASCII.GetBytes(body));
        Assert.Null(result.Error);
        Assert.Equal(Content, result.Content.ToArray());
    }

    [Fact]
    public async Task Binary_is_taken_byte_for_byte()
    {
        Assert.Equal(Content, (await Unwrap("binary", Content)).Content.ToArray());
    }

    [Fact]
    public async Task An_unknown_transfer_encoding_is_named()
    {
        Assert.Equal("unsupported Content-Transfer-Encoding 'x-uuencode'", (await Unwrap("x-uuencode", "begin 644 x\r\n"u8.ToArray())).Error);
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        Assert.Equal("the application/pkcs7-mime body is empty", (await Unwrap("base64", [])).Error);
    }
}
