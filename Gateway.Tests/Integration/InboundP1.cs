using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>X.400 messages as an X.400 MTA would hand them to the gateway: a CMS content in a P1 envelope, renamed into <c>in/</c>.</summary>
internal static class InboundP1
{
    /// <summary>A P1 message carrying a ContentInfo for an SMTP mailbox (RFC-822 DDA at the gateway's default O/R address).</summary>
    public static P1Message Cms(OrName originator, string mailbox, byte[] cms, string eit, string? localIdentifier = null)
    {
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        return new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, localIdentifier ?? $"in-{Guid.NewGuid():N}"[..20]),
            Originator = originator,
            OriginalEncodedInformationTypes = new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [eit]),
            ContentType = X400ContentType.FromOid(X400Oids.ContentInfo),
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UtcNow, RoutingAction.Relayed)],
            Recipients =
            [
                new P1Recipient(new OrName(OrAddress.Parse($"/DD.RFC-822={Rfc2156Escaping.EncodePrintable(mailbox)}/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/")), 1,
                    PerRecipientIndicators.Responsibility),
            ],
        }, cms);
    }

    /// <summary>Written under <c>x400/tmp</c>, then renamed into <c>x400/in</c>: the gateway only ever sees whole files.</summary>
    public static async Task DropAsync(GatewayProcess gateway, P1Message message, string? name = null)
    {
        name ??= $"{Guid.NewGuid():N}";
        var scratch = Path.Combine(gateway.DataDirectory, "x400", "tmp", $"{name}.part");
        await File.WriteAllBytesAsync(scratch, MtsApduCodec.Encode(message));
        File.Move(scratch, Path.Combine(gateway.DataDirectory, "x400", "in", $"{name}.p1"));
    }
}
