using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>The mapping table at work in the real gateway process, in both directions.</summary>
[Trait("Category", "Integration")]
public sealed class AddressMappingTests(MappingGatewayFixture fixture) : IClassFixture<MappingGatewayFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_recipient_at_a_mapped_X400_domain_lands_in_the_P1_file_with_the_mapped_OR_name()
    {
        const string recipient = "Steve.Kille@london.acme.co.uk";
        var ipm = X400TestContent.Ipm("mapped", Guid.NewGuid().ToString());
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", ipm, to: recipient);
        var before = Directory.GetFiles(fixture.OutDirectory).ToHashSet();

        var result = await Swaks.SendAsync(fixture.Gateway.SmtpPort, "alice@example.com", [recipient], message);

        Assert.Equal(250, result.DataReplyCode);
        var p1Path = Assert.Single(Directory.GetFiles(fixture.OutDirectory), f => !before.Contains(f));
        var p1 = MtsApduCodec.Decode(await File.ReadAllBytesAsync(p1Path));
        Assert.Equal(ipm, p1.Content.ToArray());
        Assert.Equal("/G=Steve/S=Kille/OU1=london" + MappingGatewayFixture.AcmePrefix, Assert.Single(p1.Envelope.Recipients).Name.Address.ToString());
        // example.com is an Internet-side entry: its users get a readable O/R address instead of an RFC-822 attribute.
        Assert.Equal("/S=alice" + MappingGatewayFixture.ExamplePrefix, p1.Envelope.Originator.Address.ToString());
        // And without the gateway's decoder, by the X.411 tags (IMPLICIT): S [0], G [1] in the personal name, OU as
        // PrintableString in the [6] SEQUENCE OF, O [3].
        var bytes = await File.ReadAllBytesAsync(p1Path);
        Assert.True(HasElement(bytes, 0x80, "Kille") && HasElement(bytes, 0x81, "Steve") && HasElement(bytes, 0x13, "london") && HasElement(bytes, 0x83, "Acme"),
            Convert.ToHexString(bytes));
        var audit = fixture.Gateway.AuditLines()[^1].RootElement;
        Assert.Equal([recipient], audit.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
    }

    private static bool HasElement(byte[] ber, byte tag, string value) =>
        ber.AsSpan().IndexOf([tag, (byte)value.Length, .. System.Text.Encoding.ASCII.GetBytes(value)]) >= 0;

    [Fact]
    public async Task A_recipient_at_a_mapped_X400_domain_that_is_no_personal_name_is_refused_with_the_reason()
    {
        var result = await Swaks.SendAsync(fixture.Gateway.SmtpPort, "alice@example.com", ["j_smith@acme.co.uk"], "Subject: x\r\n\r\nx\r\n"u8.ToArray(),
            ["--quit-after", "RCPT"]);

        Assert.Equal("550 5.1.3 <j_smith@acme.co.uk>: cannot be mapped to an X.400 O/R address: the local part 'j_smith' is not an RFC 2156 personal name "
            + "(surname, given.surname, given.i.surname or i.surname): S contains '_' at position 2, which is not a PrintableString character",
            result.ReplyTo("RCPT TO:<j_smith@acme.co.uk>"));
    }

    [Fact]
    public async Task An_X400_message_to_a_mapped_prefix_arrives_at_the_next_hop_with_the_mapped_mailboxes()
    {
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        var subject = $"mapped-{Guid.NewGuid():N}";
        var p1 = new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, subject[..30]),
            Originator = new OrName(OrAddress.Parse("/G=Steve/S=Kille" + MappingGatewayFixture.AcmePrefix)),
            ContentType = X400ContentType.FromBuiltIn(22),
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UtcNow, RoutingAction.Relayed)],
            Recipients =
            [
                new P1Recipient(new OrName(OrAddress.Parse("/G=Bob/S=Jones/OU1=sales" + MappingGatewayFixture.ExamplePrefix)), 1,
                    PerRecipientIndicators.Responsibility),
            ],
        }, X400TestContent.Ipm(subject, "from X.400 to a mapped Internet domain"));
        var name = $"{Guid.NewGuid():N}.p1";
        var scratch = Path.Combine(fixture.Gateway.DataDirectory, "x400", "tmp", name + ".part");
        await File.WriteAllBytesAsync(scratch, MtsApduCodec.Encode(p1));
        File.Move(scratch, Path.Combine(fixture.InDirectory, name));

        var delivered = await Poll.UntilAsync(
            () => fixture.Sink.Messages().FirstOrDefault(m => m.Recipients.Contains("Bob.Jones@sales.example.com")),
            m => m is not null, Patience, _ => $"nothing for Bob.Jones@sales.example.com in {Patience}\n{fixture.Gateway.Output}\n{fixture.Sink.Output}");

        Assert.Equal("Steve.Kille@acme.co.uk", delivered!.MailFrom);
        Assert.Equal(["Bob.Jones@sales.example.com"], delivered.Recipients);
        var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        Assert.Equal("Steve.Kille@acme.co.uk", message.From.Mailboxes.Single().Address);
        Assert.Equal("Bob.Jones@sales.example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal(subject, message.Subject);
    }
}
