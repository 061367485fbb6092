using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>Helpers the peer tests share for taking messages apart.</summary>
internal static class TestMessages
{
    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    /// <summary>Everything after the first empty line (CRLF or LF form).</summary>
    public static byte[] Body(byte[] message)
    {
        for (var i = 0; i + 1 < message.Length; i++)
        {
            if (message[i] == (byte)'\n' && message[i + 1] == (byte)'\n')
            {
                return message[(i + 2)..];
            }

            if (i + 3 < message.Length && message[i] == (byte)'\r' && message[i + 1] == (byte)'\n' && message[i + 2] == (byte)'\r' && message[i + 3] == (byte)'\n')
            {
                return message[(i + 4)..];
            }
        }

        throw new ArgumentException("No empty line between header and body.", nameof(message));
    }

    public static string Headers(byte[] message) => Encoding.UTF8.GetString(message, 0, message.Length - Body(message).Length);
}
