using System.Net;
using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// No open relay: a client outside the trusted networks (127.0.0.2 when only 127.0.0.1/32 is trusted) may give only
/// recipients in the X.400 domains, however the address is dressed up; XFORWARD is refused to it. The trusted address
/// relays without more ado, and an outsider that authenticated over TLS relays too.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenRelayTests(UntrustedLoopbackGatewayFixture fixture) : IClassFixture<UntrustedLoopbackGatewayFixture>
{
    private static string Denied(string recipient) => $"554 5.7.1 <{recipient}>: Relay access denied";

    private static string Unmappable(string recipient, string localPart, string why) =>
        $"550 5.1.3 <{recipient}>: cannot be mapped to an X.400 O/R address: the local part '{localPart}' is not an RFC 2156 personal name "
        + $"(surname, given.surname, given.i.surname or i.surname): {why}, which is not a PrintableString character";

    private const string BadDomain = "501 5.1.3 Bad recipient address syntax: the domain is not a valid host name or address literal";

    /// <summary>Each RCPT as the outsider writes it, with the exact reply that is right for it.</summary>
    public static TheoryData<string, string> Recipients => new()
    {
        { "<john.smith@x400.example>", "250 2.1.5 Ok" },
        { "<John.Smith@X400.EXAMPLE>", "250 2.1.5 Ok" },
        { "<bob@other.example>", Denied("bob@other.example") },
        { "<BOB@OTHER.EXAMPLE>", Denied("BOB@OTHER.EXAMPLE") },
        // RFC 5321 appendix C: the source route is dropped, and what is left is judged.
        { "<@x400.example:bob@other.example>", Denied("bob@other.example") },
        { "<@x400.example,@x400.example:bob@other.example>", Denied("bob@other.example") },
        { "<@other.example:john.smith@x400.example>", "250 2.1.5 Ok" },
        // The % hack and bang paths route only where an MTA honours them; here they are X.400 local parts, and no personal names.
        { "<bob%other.example@x400.example>", Unmappable("bob%other.example@x400.example", "bob%other.example", "G contains '%' at position 4") },
        { "<other.example!bob@x400.example>", Unmappable("other.example!bob@x400.example", "other.example!bob", "S contains '!' at position 8") },
        { "<x400.example!bob@other.example>", Denied("x400.example!bob@other.example") },
        { "<\"bob@other.example\"@x400.example>", Unmappable("\"bob@other.example\"@x400.example", "bob@other.example", "G contains '@' at position 4") },
        { "<bob@other.example@x400.example>", "501 5.1.3 Bad recipient address syntax: the local part is not a dot-string or a quoted string" },
        { "<john.smith@x400.example.>", BadDomain },
        { "<bob@other.example.>", BadDomain },
        { "<bob@x400.example.other.example>", Denied("bob@x400.example.other.example") },
        { "<bob@sub.x400.example>", Denied("bob@sub.x400.example") },
        { "<bob@[127.0.0.1]>", Denied("bob@[127.0.0.1]") },
        { "<bob@[127.0.0.2]>", Denied("bob@[127.0.0.2]") },
        { "<bob@[IPv6:::1]>", Denied("bob@[IPv6:::1]") },
        { "<bob@[x400.example]>", BadDomain }, // a name in brackets is no address literal (RFC 5321 4.1.3)
        { "<postmaster>", "250 2.1.5 Ok" }, // RFC 5321 4.5.1: always; the next hop delivers it to its own postmaster
        { "<PostMaster>", "250 2.1.5 Ok" },
        { "<postmaster@other.example>", Denied("postmaster@other.example") },
    };

    [Theory]
    [MemberData(nameof(Recipients))]
    public async Task An_outsider_may_give_only_X400_recipients(string recipient, string reply)
    {
        await using var wire = await SmtpWire.HelloAsync(fixture.Port, UntrustedLoopbackGatewayFixture.Outsider);
        (await wire.CommandAsync("MAIL FROM:<mallory@outside.example>")).Expect("250 2.1.0");

        Assert.Equal(reply, (await wire.CommandAsync($"RCPT TO:{recipient}")).ToString());
    }

    [Fact]
    public async Task An_outsider_is_offered_neither_XFORWARD_nor_AUTH_in_clear_and_both_are_refused()
    {
        await using var wire = await SmtpWire.OpenAsync(fixture.Port, UntrustedLoopbackGatewayFixture.Outsider);

        Assert.Equal(string.Join("\n", "250-cms-x400-gateway.localdomain", "250-PIPELINING", "250-SIZE 52428800", "250-8BITMIME", "250-BINARYMIME",
            "250-CHUNKING", "250-STARTTLS", "250-ENHANCEDSTATUSCODES", "250-DSN", "250-SMTPUTF8", "250 MT-PRIORITY MIXER"),
            (await wire.CommandAsync("EHLO outsider.test")).ToString());
        Assert.Equal("550 5.7.0 Error: insufficient authorization for XFORWARD", (await wire.CommandAsync("XFORWARD ADDR=192.0.2.1 NAME=trusted.example")).ToString());
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{UntrustedLoopbackGatewayFixture.User}\0{UntrustedLoopbackGatewayFixture.Password}"));
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", (await wire.CommandAsync($"AUTH PLAIN {plain}")).ToString());
        (await wire.CommandAsync("MAIL FROM:<mallory@outside.example>")).Expect("250 2.1.0");
        Assert.Equal(Denied("bob@other.example"), (await wire.CommandAsync("RCPT TO:<bob@other.example>")).ToString());
    }

    [Fact]
    public async Task The_trusted_address_relays_anywhere_without_AUTH_and_may_XFORWARD()
    {
        var subject = $"trusted {Guid.NewGuid():N}";
        await using var wire = await SmtpWire.OpenAsync(fixture.Port, IPAddress.Loopback);

        Assert.Equal("250 XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE", (await wire.CommandAsync("EHLO inside.test")).Lines[^1]);
        Assert.Equal("250 2.0.0 Ok", (await wire.CommandAsync("XFORWARD NAME=client.example ADDR=192.0.2.1")).ToString());
        (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("250 2.1.0");
        Assert.Equal("250 2.1.5 Ok", (await wire.CommandAsync("RCPT TO:<bob@other.example>")).ToString());
        (await wire.CommandAsync("DATA")).Expect("354");
        (await wire.CommandAsync($"From: alice@example.com\r\nTo: bob@other.example\r\nSubject: {subject}\r\n\r\nrelayed\r\n.")).Expect("250 2.0.0");

        var delivered = await SinkInspection.WaitForAsync(fixture.Sink, subject);
        Assert.Equal(["bob@other.example"], delivered.Recipients);
    }

    [Fact]
    public async Task An_outsiders_mail_to_the_bare_postmaster_is_taken_and_goes_to_the_next_hop_only_for_postmaster()
    {
        var subject = $"postmaster {Guid.NewGuid():N}";
        await using var wire = await SmtpWire.HelloAsync(fixture.Port, UntrustedLoopbackGatewayFixture.Outsider);
        (await wire.CommandAsync("MAIL FROM:<mallory@outside.example>")).Expect("250 2.1.0");
        Assert.Equal("250 2.1.5 Ok", (await wire.CommandAsync("RCPT TO:<Postmaster>")).ToString());
        Assert.Equal(Denied("bob@other.example"), (await wire.CommandAsync("RCPT TO:<bob@other.example>")).ToString());
        (await wire.CommandAsync("DATA")).Expect("354");
        (await wire.CommandAsync($"From: mallory@outside.example\r\nTo: postmaster\r\nSubject: {subject}\r\n\r\nyour gateway\r\n.")).Expect("250 2.0.0");

        var delivered = await SinkInspection.WaitForAsync(fixture.Sink, subject);
        Assert.Equal(["postmaster"], delivered.Recipients);
    }
}
