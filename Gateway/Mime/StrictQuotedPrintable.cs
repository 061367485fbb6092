using System.Buffers;
using System.Globalization;

namespace Gateway.Mime;

/// <summary>
/// Checks quoted-printable before MimeKit decodes it. MimeKit's decoder passes a malformed "=" escape or an unencoded
/// 8-bit octet through as it is, as RFC 2045 §6.7 lets readers do; for a CMS or X.400 object that is a silently
/// changed object, so the gateway refuses it instead (as <see cref="StrictBase64"/> does for base64).
/// </summary>
public static class StrictQuotedPrintable
{
    private enum State
    {
        Text,
        AfterEquals,
        AfterFirstHexDigit,
        SoftBreakBlanks,
        SoftBreakCr,
    }

    /// <summary>Null when <paramref name="input"/> is well-formed quoted-printable, else what is wrong, with where.</summary>
    public static async Task<string?> ValidateAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var line = 1;
            var state = State.Text;
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, 16 * 1024), cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    State? next = (state, b) switch
                    {
                        (State.Text, (byte)'=') => State.AfterEquals,
                        (State.Text, _) when b is (>= 32 and <= 126) or (byte)'\t' or (byte)'\r' or (byte)'\n' => State.Text,
                        (State.AfterEquals, _) when char.IsAsciiHexDigit((char)b) => State.AfterFirstHexDigit,
                        (State.AfterFirstHexDigit, _) when char.IsAsciiHexDigit((char)b) => State.Text,
                        (State.AfterEquals or State.SoftBreakBlanks, (byte)' ' or (byte)'\t') => State.SoftBreakBlanks,
                        (State.AfterEquals or State.SoftBreakBlanks, (byte)'\r') => State.SoftBreakCr,
                        (State.SoftBreakCr, (byte)'\n') => State.Text,
                        _ => null,
                    };
                    if (next is null)
                    {
                        return state == State.Text
                            ? string.Create(CultureInfo.InvariantCulture, $"unencoded octet 0x{b:X2} (line {line})")
                            : string.Create(CultureInfo.InvariantCulture, $"'=' not followed by two hex digits or a line break (line {line})");
                    }
                    state = next.Value;
                    if (b == (byte)'\n') line++;
                }
            }
            return state == State.AfterFirstHexDigit
                ? string.Create(CultureInfo.InvariantCulture, $"the data ends inside an '=' escape (line {line})")
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
