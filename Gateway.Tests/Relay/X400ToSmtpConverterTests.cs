using Gateway.Relay;
using Gateway.X400;
using Gateway.X400.Mapping;
using MimeKit;

namespace Gateway.Tests.Relay;

public sealed class X400ToSmtpConverterTests
{
    private static readonly OrAddress Gateway = OrAddress.Parse("/O=GW/PRMD=Example/ADMD= /C=XX/");
    private static readonly GlobalDomainIdentifier Domain = new("XX", " ", "Example");

    /// <summary>Envelope around a SignedData whose eContentType is X.400 (hand-built, opaque signature).</summary>
    private static P1Message SignedMessage(params string[] eits)
    {
        // ContentInfo { signedData, [0] SignedData { 1, {}, { 2.6.1.10.1, [0] OCTET STRING "x" }, {} } }
        byte[] cms =
        [
            0x30, 0x26, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x19, 0x30, 0x17, 0x02, 0x01, 0x01, 0x31, 0x00,
            0x30, 0x0E, 0x06, 0x05, 0x56, 0x01, 0x0A, 0x01, 0x00, 0xA0, 0x05, 0x04, 0x03, 0x78, 0x79, 0x7A, 0x31, 0x00,
        ];
        return new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(Domain, "conv-1"),
            Originator = new OrName(OrAddress.Parse("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
            OriginalEncodedInformationTypes = eits.Length == 0 ? null : new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, eits),
            ContentType = X400ContentType.FromOid(X400Oids.ContentInfo),
            Trace = [new TraceInformationElement(Domain, DateTimeOffset.UnixEpoch, RoutingAction.Relayed)],
            Recipients = [new P1Recipient(new OrName(Gateway with { DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", "bob(a)example.com")] }), 1,
                PerRecipientIndicators.Responsibility)],
        }, cms);
    }

    [Fact]
    public void Without_an_EIT_the_CMS_structure_gives_the_smime_type()
    {
        var converter = new X400ToSmtpConverter(new MixerMapping(Gateway, ["x400.example"], []), "gw.test");
        Assert.True(converter.TryConvert(SignedMessage(), out var converted, out var error), error);
        var part = Assert.IsType<MimePart>(converted.Message.Body, exactMatch: false);
        Assert.Equal("signed-x400", part.ContentType.Parameters["smime-type"]);
        Assert.Equal(ContentEncoding.Base64, part.ContentTransferEncoding);
        Assert.Equal(["bob@example.com"], converted.Recipients);
        Assert.Equal(global::Gateway.Smtp.BodyType.Unspecified, converted.Body);
    }

    [Fact]
    public void The_EIT_wins_over_the_structure()
    {
        var converter = new X400ToSmtpConverter(new MixerMapping(Gateway, ["x400.example"], []), "gw.test");
        Assert.True(converter.TryConvert(SignedMessage(X400Oids.EitEnvelopedX400), out var converted, out _));
        Assert.Equal("enveloped-x400", Assert.IsType<MimePart>(converted.Message.Body, exactMatch: false).ContentType.Parameters["smime-type"]);
    }

    [Fact]
    public void PreferBinary_sends_CMS_as_binary_with_BINARYMIME()
    {
        var converter = new X400ToSmtpConverter(new MixerMapping(Gateway, ["x400.example"], []), "gw.test", preferBinary: true);
        Assert.True(converter.TryConvert(SignedMessage(), out var converted, out _));
        Assert.Equal(ContentEncoding.Binary, Assert.IsType<MimePart>(converted.Message.Body, exactMatch: false).ContentTransferEncoding);
        Assert.Equal(global::Gateway.Smtp.BodyType.BinaryMime, converted.Body);
    }

    [Fact]
    public void Originator_and_recipients_are_mapped_by_the_table()
    {
        var mapping = new MixerMapping(Gateway, ["x400.example"],
        [
            new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
            new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
        ]);
        var p1 = SignedMessage();
        p1 = p1 with
        {
            Envelope = p1.Envelope with
            {
                Recipients =
                [
                    new P1Recipient(new OrName(OrAddress.Parse("/G=Bob/S=Jones/OU1=sales/O=Example/PRMD=Internet/ADMD= /C=US/")), 1, PerRecipientIndicators.Responsibility),
                    new P1Recipient(new OrName(OrAddress.Parse("/CN=Ops Desk/O=Example/PRMD=Internet/ADMD= /C=US/")), 2, PerRecipientIndicators.Responsibility),
                ],
            },
        };

        Assert.True(new X400ToSmtpConverter(mapping, "gw.test").TryConvert(p1, out var converted, out var error), error);

        Assert.Equal("Smith@acme.co.uk", converted.ReversePath);
        Assert.Equal(["Bob.Jones@sales.example.com"], converted.Recipients);
        // The Internet side of the table has no mailbox for a common name: at the gateway's own domain it would come back.
        Assert.Equal([2], converted.LoopingRecipients.Select(r => r.OriginallySpecifiedRecipientNumber));
        Assert.Equal("Smith@acme.co.uk", converted.Message.From.Mailboxes.Single().Address);
    }

    [Fact]
    public void A_P1_priority_other_than_normal_becomes_the_Priority_header()
    {
        var converter = new X400ToSmtpConverter(new MixerMapping(Gateway, ["x400.example"], []), "gw.test");
        var p1 = SignedMessage();
        p1 = p1 with { Envelope = p1.Envelope with { Priority = Priority.NonUrgent } };
        Assert.True(converter.TryConvert(p1, out var converted, out _));
        Assert.Equal("non-urgent", converted.Message.Headers[HeaderId.Priority]);
        Assert.True(converter.TryConvert(SignedMessage(), out var normal, out _));
        Assert.Null(normal.Message.Headers[HeaderId.Priority]);
    }

    [Fact]
    public void A_plain_IPM_gives_its_heading_to_the_Internet_header()
    {
        var mapping = new MixerMapping(Gateway, ["x400.example"], [new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/"))]);
        var converter = new X400ToSmtpConverter(mapping, "gw.test");
        var p1 = SignedMessage();
        p1 = new P1Message(p1.Envelope with { ContentType = X400ContentType.FromBuiltIn(22), OriginalEncodedInformationTypes = null, Priority = Priority.Urgent },
            global::Gateway.Tests.X400.IpmHeadingReaderTests.Valid);

        Assert.True(converter.TryConvert(p1, out var converted, out var error), error);
        var m = converted.Message;

        // The heading (IpmHeadingReaderTests' sample): author Alice, to Bob and Carol, copy Dave, importance high.
        Assert.Equal("\"Alice Smith\" <Alice.Smith@acme.co.uk>", m.From.ToString());
        Assert.Equal("\"Bob Jones\" <\"/S=Jones/O=Acme/ADMD= /C=GB/\"@x400.example>, \"Carol\" <\"/DD.RFC-822=carol(a)example.com/PRMD=Internet/ADMD= /C=GB/\"@x400.example>",
            m.To.ToString());
        Assert.Equal("\"Dave Brown\" </S=Brown/ADMD=ATT/C=US/@x400.example>", m.Cc.ToString());
        Assert.Equal("Quarterly report", m.Subject);
        Assert.Equal("high", m.Headers[HeaderId.Importance]);
        Assert.Equal("urgent", m.Headers[HeaderId.Priority]);
        Assert.Equal("4", m.Headers["MT-Priority"]);
        // The SMTP envelope still comes from the P1 envelope, not from the heading.
        Assert.Equal(["bob@example.com"], converted.Recipients);
        Assert.Equal("Smith@acme.co.uk", converted.ReversePath);
    }

    [Fact]
    public void Protected_content_keeps_the_envelope_view()
    {
        var converter = new X400ToSmtpConverter(new MixerMapping(Gateway, ["x400.example"], []), "gw.test");
        Assert.True(converter.TryConvert(SignedMessage(), out var converted, out _));

        Assert.Equal("bob@example.com", converted.Message.To.ToString());
        Assert.Null(converted.Message.Headers["MT-Priority"]);
        Assert.Null(converted.Message.Headers[HeaderId.Importance]);
    }
}
