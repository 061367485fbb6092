using System.Buffers;
using System.Text;
using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

/// <summary>The wire form of a reply: printable ASCII, at most 512 octets a line, whichever way it is written.</summary>
public sealed class SmtpReplyTests
{
    [Fact]
    public void A_reply_quoting_the_client_stays_on_its_own_lines_within_the_limit()
    {
        var reply = new SmtpReply(501, "5.5.4", ["Bad parameter \"x\r\n250 2.0.0 fake\"", "§4.1 \u00e9" + new string('a', 600)]);

        var text = reply.Format();

        Assert.StartsWith("501-5.5.4 Bad parameter \"x??250 2.0.0 fake\"\r\n501 5.5.4 section 4.1 ?aaa", text, StringComparison.Ordinal);
        Assert.EndsWith("...\r\n", text, StringComparison.Ordinal);
        Assert.All(text.Split("\r\n")[..^1], line => Assert.True(line.Length + 2 <= SmtpReply.MaxLineLength, line));
        Assert.Equal("220 ready\r\n", new SmtpReply(220, "2.0.0", "ready").Format(withEnhancedCode: false));
    }

    /// <summary>
    /// The rule as first written, with string builders: printable ASCII kept, "§" spelled out, anything else '?', the
    /// text cut to what is left of 512 octets with "..." at the end.
    /// </summary>
    private static string Reference(SmtpReply reply, bool withEnhancedCode)
    {
        static string Printable(string text, int room)
        {
            var clean = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c is '\t' or (>= ' ' and <= '~')) clean.Append(c);
                else if (c == '§') clean.Append("section ");
                else clean.Append('?');
            }
            return clean.Length <= room ? clean.ToString() : string.Concat(clean.ToString(0, Math.Max(0, room - 3)), "...");
        }

        var sb = new StringBuilder();
        for (var i = 0; i < reply.Lines.Count; i++)
        {
            var start = sb.Length;
            sb.Append(reply.Code).Append(i == reply.Lines.Count - 1 ? ' ' : '-');
            if (withEnhancedCode && reply.EnhancedCode is not null) sb.Append(reply.EnhancedCode).Append(' ');
            sb.Append(Printable(reply.Lines[i], SmtpReply.MaxLineLength - (sb.Length - start) - 2)).Append("\r\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Written_into_a_buffer_it_is_the_octets_of_its_formatted_text()
    {
        var random = new Random(5321);
        char[] alphabet = ['a', ' ', '\t', '\r', '\n', '§', '\u00e9', '\u20ac', '~', '\0', '"'];
        for (var i = 0; i < 3000; i++)
        {
            var lines = new string[random.Next(1, 4)];
            for (var l = 0; l < lines.Length; l++)
            {
                var length = random.Next(4) == 0 ? random.Next(480, 560) : random.Next(0, 40);
                lines[l] = new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            }
            var reply = new SmtpReply(random.Next(200, 600), random.Next(3) == 0 ? null : "4.7.1", lines);
            var withEnhanced = random.Next(2) == 0;
            var buffer = new ArrayBufferWriter<byte>();

            var written = reply.WriteTo(buffer, withEnhanced);

            Assert.Equal(Encoding.ASCII.GetBytes(Reference(reply, withEnhanced)), buffer.WrittenSpan.ToArray());
            Assert.Equal(Reference(reply, withEnhanced), reply.Format(withEnhanced));
            Assert.Equal(buffer.WrittenCount, written);
        }
    }
}
