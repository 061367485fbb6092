using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>X.400 messages as an X.400 MTA would hand them to the gateway: a CMS content in a P1 envelope, renamed into <c>in/</c>.</summary>
internal static class InboundP1
{
    /// <summary>A P1 message carrying a ContentInfo for an SMTP mailbox (RFC-822 DDA at the gateway's default O/R address).</summary>
    public static P1Message Cms(OrName originator, string mailbox, byte[] cms, string eit, string? localIdentifier = null) =>
        Message(originator, mailbox, cms, X400ContentType.FromOid(X400Oids.ContentInfo), new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [eit]),
            PerRecipientIndicators.Responsibility, localIdentifier);

    /// <summary>A P1 message for an SMTP mailbox with the content, type and report request given.</summary>
    public static P1Message Message(OrName originator, string mailbox, byte[] content, X400ContentType type, EncodedInformationTypes? eits,
        PerRecipientIndicators indicators, string? localIdentifier = null, PerMessageIndicators perMessage = PerMessageIndicators.None)
    {
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        return new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, localIdentifier ?? $"in-{Guid.NewGuid():N}"[..20]),
            Originator = originator,
            OriginalEncodedInformationTypes = eits,
            ContentType = type,
            PerMessageIndicators = perMessage,
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UtcNow, RoutingAction.Relayed)],
            Recipients = [new P1Recipient(Dda(mailbox), 1, indicators)],
        }, content);
    }

    /// <summary>The O/R name the gateway gives an SMTP mailbox: its RFC-822 domain-defined attribute at the gateway's address.</summary>
    public static OrName Dda(string mailbox) =>
        new(OrAddress.Parse($"/DD.RFC-822={Rfc2156Escaping.EncodePrintable(mailbox)}/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/"));

    /// <summary>Written under <c>x400/tmp</c>, then renamed into <c>x400/in</c>: the gateway only ever sees whole files.</summary>
    /// <param name="handedOverAt">The file's modification time, which the gateway takes as the hand-over time (for the maximum lifetime).</param>
    public static Task DropAsync(GatewayProcess gateway, P1Message message, string? name = null, DateTime? handedOverAt = null) =>
        DropFileAsync(Path.Combine(gateway.DataDirectory, "x400"), MtsApduCodec.Encode(message), name ?? $"{Guid.NewGuid():N}", handedOverAt);

    /// <summary>Any octets as <c>&lt;name&gt;.p1</c> into the file drop at <paramref name="drop"/>, the same way (a shared drop, or a broken file).</summary>
    public static async Task DropFileAsync(string drop, byte[] file, string name, DateTime? handedOverAt = null)
    {
        var scratch = Path.Combine(drop, "tmp", $"{name}.part");
        await File.WriteAllBytesAsync(scratch, file);
        if (handedOverAt is { } at) File.SetLastWriteTimeUtc(scratch, at);
        File.Move(scratch, Path.Combine(drop, "in", $"{name}.p1"));
    }
}
