using MimeKit;

namespace Gateway.EmailAuth.Dkim;

/// <summary>The gateway's DKIM signing as the message path uses it: a signer when <c>Gateway:EmailAuth:Signing</c> is configured, else nothing.</summary>
public sealed class OutgoingDkim(GatewayDkimSigner? signer)
{
    public static OutgoingDkim None { get; } = new(null);

    public bool Enabled => signer is not null;

    /// <summary>Signs <paramref name="message"/>; the last change before it goes to the next hop.</summary>
    public void Apply(MimeMessage message) => signer?.Sign(message);
}
