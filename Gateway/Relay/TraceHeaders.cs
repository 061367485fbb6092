using MimeKit;

namespace Gateway.Relay;

/// <summary>
/// The headers in which the gateway tells SMTP readers what it found (in the style of CipherMail's): the signature
/// result and the originator check. A reader can only trust them if nobody else can set them, so the same names
/// arriving from outside are removed before the gateway adds its own.
/// </summary>
public static class TraceHeaders
{
    public const string Signature = "X-X400-Gateway-Signature";
    public const string Originator = "X-X400-Gateway-Originator";

    /// <summary>Removes every header of the gateway's names; returns how many there were.</summary>
    public static int Strip(MimeMessage message)
    {
        var removed = 0;
        foreach (var name in new[] { Signature, Originator })
        {
            while (message.Headers.Contains(name))
            {
                message.Headers.Remove(name);
                removed++;
            }
        }
        return removed;
    }
}
