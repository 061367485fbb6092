using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Smtp.Auth;

/// <summary>The PLAIN mechanism's message (RFC 4616 §2): <c>[authzid] NUL authcid NUL passwd</c>, in UTF-8.</summary>
public static class SaslPlain
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The user and password, or false when the message is malformed or asks to act as someone else: the gateway has no
    /// authorization identities beyond the user itself, so an authzid other than the authcid is refused (RFC 4616 §2).
    /// </summary>
    public static bool TryDecode(byte[] message, [NotNullWhen(true)] out string? user, [NotNullWhen(true)] out string? password)
    {
        user = null;
        password = null;
        var first = Array.IndexOf(message, (byte)0);
        var second = first < 0 ? -1 : Array.IndexOf(message, (byte)0, first + 1);
        if (second < 0 || Array.IndexOf(message, (byte)0, second + 1) >= 0) return false;
        if (!TryText(message.AsSpan(0, first), out var authorization) || !TryText(message.AsSpan(first + 1, second - first - 1), out var authentication)
            || !TryText(message.AsSpan(second + 1), out var secret))
        {
            return false;
        }
        if (authentication.Length == 0 || secret.Length == 0 || (authorization.Length > 0 && authorization != authentication)) return false;
        user = authentication;
        password = secret;
        return true;
    }

    /// <summary>UTF-8 text, or false for invalid octets.</summary>
    public static bool TryText(ReadOnlySpan<byte> octets, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = Strict.GetString(octets);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = null;
            return false;
        }
    }
}
