namespace Gateway.Tests.Hostile.Smtp;

/// <summary>The corpus format itself: escapes, repetitions, message blocks, reply patterns, and the mistakes it refuses.</summary>
public sealed class CorpusFileTests
{
    [Theory]
    [InlineData(@"a\r\n\t\0\\\x41\{\}", "a\r\n\t\0\\A{}")]
    [InlineData(@"\R{3}{x\i}", "x0x1x2")]
    [InlineData(@"\R{3}{\I}", "210")]
    [InlineData(@"\R{2}{[\R{2}{\i}]}", "[01][01]")]
    [InlineData(@"\R{0}{never}", "")]
    [InlineData(@"\R{2}{\{}", "{{")]
    public void Escapes_decode_to_the_octets_on_the_wire(string text, string expected) => Assert.Equal(expected, CorpusText.Decode(text));

    [Theory]
    [InlineData(@"\q")]
    [InlineData(@"trailing\")]
    [InlineData(@"\x4")]
    [InlineData(@"\R{2}{never closed")]
    [InlineData(@"\R2{a}")]
    public void A_malformed_escape_is_refused(string text) => Assert.Throws<FormatException>(() => CorpusText.Decode(text));

    [Fact]
    public void A_message_block_is_dot_stuffed_and_ended_and_starts_at_data()
    {
        var c = Assert.Single(CorpusFile.Parse("t.corpus", ["# comment", "== case", "rcpt: someone@x400.example", "message:", "Subject: x", ".hidden", "",
            "\\R{2}{a}", ".", "replies: 2 250 2.0.0 Ok", "then: closed", "delivered: 0"]));
        Assert.Equal(new CorpusCase("t.corpus", "case", CorpusStart.Data, "someone@x400.example", "Subject: x\r\n..hidden\r\n\r\naa\r\n.\r\n",
            c.Replies, CorpusAfter.Closed) { Delivered = 0 }, c);
        Assert.Equal(["250 2.0.0 Ok", "250 2.0.0 Ok"], c.Replies);
    }

    [Fact]
    public void Send_lines_are_joined_and_the_defaults_apply()
    {
        var c = Assert.Single(CorpusFile.Parse("t.corpus", ["== case", "send: NOOP\\r\\n", "send: RSET\\r\\n", "reply: 250 2.0.0 Ok\\n250 2.0.0 Ok"]));
        Assert.Equal(("NOOP\r\nRSET\r\n", CorpusStart.Ehlo, CorpusFile.DefaultRecipient, CorpusAfter.Same, (int?)null),
            (c.Send, c.Start, c.Recipient, c.After, c.Delivered));
        Assert.Equal(["250 2.0.0 Ok\n250 2.0.0 Ok"], c.Replies);
    }

    [Fact]
    public void Only_a_client_that_hangs_up_may_expect_no_reply()
    {
        Assert.Single(CorpusFile.Parse("t.corpus", ["== gone", "send: BDAT 9\\r\\n", "then: hangup"]));
        Assert.Throws<FormatException>(() => CorpusFile.Parse("t.corpus", ["== silent", "send: NOOP\\r\\n"]));
    }

    [Theory]
    [InlineData("send: NOOP\\r\\n")]
    [InlineData("== a", "send: x", "reply: 1", "== a", "send: y", "reply: 2")]
    [InlineData("== a", "sned: x", "reply: 1")]
    [InlineData("== a", "message:", "never closed")]
    [InlineData("== a", "reply: 250 2.0.0 Ok")]
    public void A_malformed_file_is_refused(params string[] lines) => Assert.Throws<FormatException>(() => CorpusFile.Parse("t.corpus", lines));

    [Theory]
    [InlineData("250 2.0.0 Ok: {*} from next hop: 2.0.0 Ok", "250 2.0.0 Ok: 255BB8C8D06070949A from next hop: 2.0.0 Ok", true)]
    [InlineData("250 2.0.0 Ok: {*} from next hop: 2.0.0 Ok", "250 2.0.0 Ok: two words from next hop: 2.0.0 Ok", false)]
    [InlineData("250 2.0.0 Ok: {*} from next hop: 2.0.0 Ok", "250 2.0.0 Ok:  from next hop: 2.0.0 Ok", false)]
    [InlineData("501 5.5.4 Syntax: EHLO hostname (a.b)", "501 5.5.4 Syntax: EHLO hostname (a.b)", true)]
    [InlineData("501 5.5.4 Syntax: EHLO hostname (a.b)", "501 5.5.4 Syntax: EHLO hostname (aXb)", false)]
    [InlineData("250 2.0.0 Ok", "250 2.0.0 Ok ", false)]
    public void A_reply_matches_exactly_but_for_its_ids(string expected, string actual, bool matches) =>
        Assert.Equal(matches, CorpusRunner.Matches(expected, actual));
}
