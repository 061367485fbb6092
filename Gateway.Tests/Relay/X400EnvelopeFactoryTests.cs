using Gateway.Mime;
using Gateway.Relay;
using Gateway.X400;

namespace Gateway.Tests.Relay;

public sealed class X400EnvelopeFactoryTests
{
    private static readonly OrAddress Gateway = OrAddress.Parse("/O=GW/PRMD=Example/ADMD= /C=XX/");
    private readonly X400EnvelopeFactory _factory = new(Gateway);

    [Fact]
    public void A_CMS_object_gets_id_ct_contentInfo_its_EIT_and_the_RFC_3855_services()
    {
        var envelope = _factory.Create(MessageKind.EnvelopedX400, null, new OrName(Gateway), [new OrName(Gateway with { Surname = "Smith" })],
            "abc", DateTimeOffset.UnixEpoch);
        Assert.Equal(X400Oids.ContentInfo, envelope.ContentType.Oid);
        Assert.Equal([X400Oids.EitEnvelopedX400], envelope.OriginalEncodedInformationTypes!.Extended);
        Assert.Equal(PerMessageIndicators.ImplicitConversionProhibited, envelope.PerMessageIndicators);
        // dl-expansion-prohibited with its value prohibited(1) (ENUMERATED 1), not the NULL default.
        Assert.Equal([P1Extension.Standard(X400EnvelopeFactory.DlExpansionProhibited, value: BerValue.FromHex("0A0101"))], envelope.Extensions);
        Assert.Equal(new GlobalDomainIdentifier("XX", " ", "Example"), envelope.MessageIdentifier.Domain);
        Assert.Equal(1, Assert.Single(envelope.Recipients).OriginallySpecifiedRecipientNumber);
    }

    [Fact]
    public void X400_content_keeps_its_type_and_asks_for_nothing_else()
    {
        var envelope = _factory.Create(MessageKind.X400Content, X400ContentType.FromBuiltIn(22), new OrName(Gateway), [new OrName(Gateway)], "abc",
            DateTimeOffset.UnixEpoch);
        Assert.Equal(22, envelope.ContentType.BuiltIn);
        Assert.Null(envelope.OriginalEncodedInformationTypes);
        Assert.Empty(envelope.Extensions);
    }

    [Fact]
    public void The_digest_is_the_same_for_the_same_transaction_and_differs_otherwise()
    {
        byte[] hash = [1, 2, 3];
        var a = X400EnvelopeFactory.TransactionDigest("A@x", ["b@y", "c@y"], hash);
        Assert.Equal(a, X400EnvelopeFactory.TransactionDigest("a@X", ["c@y", "B@y"], hash));
        Assert.NotEqual(a, X400EnvelopeFactory.TransactionDigest("a@x", ["b@y"], hash));
        Assert.NotEqual(a, X400EnvelopeFactory.TransactionDigest("a@x", ["b@y", "c@y"], [1, 2, 4]));
        Assert.Equal(32, a.Length);
    }
}
