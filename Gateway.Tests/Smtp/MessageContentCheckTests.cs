using System.Text;
using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

public sealed class MessageContentCheckTests
{
    private static Task<SmtpReply?> Check(string content, bool binary = false, int maxLine = 1000, int maxHeader = 100) =>
        MessageContentCheck.CheckAsync(new MemoryStream(Encoding.Latin1.GetBytes(content)), binary, maxLine, maxHeader, CancellationToken.None);

    [Fact]
    public async Task A_well_formed_message_passes()
    {
        Assert.Null(await Check("Subject: x\r\n\r\n" + new string('a', 998) + "\r\nend\r\n"));
    }

    [Theory]
    [InlineData("Subject: x\r\n\r\na\nb\r\n", "550 5.5.2 Message contains a bare <LF>; lines must end with <CR><LF> (RFC 5321 section 2.3.8)")]
    [InlineData("Subject: x\r\n\r\na\rb\r\n", "550 5.5.2 Message contains a bare <CR>; lines must end with <CR><LF> (RFC 5321 section 2.3.8)")]
    [InlineData("Subject: x\r\n\r\nab\r", "550 5.5.2 Message contains a bare <CR>; lines must end with <CR><LF> (RFC 5321 section 2.3.8)")]
    [InlineData("Subject: x\r\n\r\na\0b\r\n", "554 5.6.0 Message contains a NUL octet; use BDAT with BODY=BINARYMIME for binary content")]
    public async Task Text_content_must_be_text(string content, string reply)
    {
        Assert.Equal(reply, (await Check(content))?.ToString());
    }

    [Fact]
    public async Task A_line_over_the_limit_is_refused()
    {
        Assert.Equal("500 5.5.2 Message contains a line longer than 1000 octets (RFC 5321 section 4.5.3.1.6)",
            (await Check("Subject: x\r\n\r\n" + new string('a', 999) + "\r\n"))?.ToString());
    }

    [Fact]
    public async Task Binary_content_may_hold_anything_after_the_header()
    {
        Assert.Null(await Check("Content-Type: application/pkcs7-mime\r\n\r\n\0\r\n\n\r" + new string('a', 5000), binary: true));
    }

    [Fact]
    public async Task A_header_section_over_the_limit_is_refused_even_for_binary()
    {
        Assert.Equal("552 5.3.4 Message header size exceeds the limit of 100 octets",
            (await Check("X-Long: " + new string('a', 200) + "\r\n\r\nbody\r\n", binary: true))?.ToString());
    }

    /// <summary>
    /// The vector scan over clean body lines must reach the verdict the octet-by-octet path reaches: random messages with
    /// NULs, bare LFs, lone CRs and lines around the limit, checked whole (the scan runs) and one octet at a time (it
    /// cannot: a span of one octet), give the same reply, including which fault is named first.
    /// </summary>
    [Fact]
    public void The_vector_scan_reaches_the_verdict_of_the_octet_path()
    {
        var random = new Random(61206);
        var refused = 0;
        for (var round = 0; round < 3000; round++)
        {
            var maxLine = random.Next(4) == 0 ? 40 : random.Next(64, 200);
            var message = Encoding.Latin1.GetBytes(RandomMessage(random, maxLine));
            var whole = new MessageContentCheck(false, maxLine, 1000);
            whole.Append(message);
            var octets = new MessageContentCheck(false, maxLine, 1000);
            foreach (var octet in message) octets.Append([octet]);
            Assert.Equal(octets.Complete()?.ToString(), whole.Complete()?.ToString());
            if (octets.Complete() is not null) refused++;
        }
        // Both outcomes are well represented, so the comparison says something either way.
        Assert.InRange(refused, 500, 2500);
    }

    private static string RandomMessage(Random random, int maxLine)
    {
        var builder = new StringBuilder("Subject: x\r\n\r\n");
        var lines = random.Next(1, 40);
        for (var l = 0; l < lines; l++)
        {
            var length = random.Next(10) == 0 ? random.Next(maxLine - 3, maxLine + 3) : random.Next(0, maxLine - 2);
            for (var c = 0; c < length; c++)
            {
                builder.Append(random.Next(3000) switch
                {
                    0 => '\0',
                    1 => '\r',
                    2 => '\n',
                    _ => (char)('a' + random.Next(26)),
                });
            }
            builder.Append(random.Next(150) == 0 ? "\n" : "\r\n");
        }
        return builder.ToString();
    }
}
