using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Smtp.Server;

/// <summary>
/// Parses and validates the ESMTP parameters of MAIL (SIZE, BODY, SMTPUTF8, RET, ENVID, MT-PRIORITY) and RCPT (NOTIFY, ORCPT).
/// Every refusal comes with the reply that says what is wrong.
/// </summary>
public static class EsmtpParameterParser
{
    /// <summary>RFC 3461 §4.4: ENVID is at most 100 characters.</summary>
    public const int MaxEnvelopeIdLength = 100;

    /// <summary>RFC 3461 §4.2: ORCPT's address is at most 500 characters.</summary>
    public const int MaxOriginalRecipientLength = 500;

    public static bool TryParseMail(string parameters, long maxSize, [NotNullWhen(true)] out MailParameters? result, [NotNullWhen(false)] out SmtpReply? error)
    {
        result = null;
        var body = BodyType.Unspecified;
        var utf8 = false;
        var ret = DsnReturn.Unspecified;
        string? envid = null;
        long? size = null;
        int? priority = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Split(parameters))
        {
            if (!IsKeyword(key))
            {
                error = new SmtpReply(501, "5.5.4", $"Bad MAIL parameter syntax: '{Original(key, value)}'");
                return false;
            }
            if (!seen.Add(key))
            {
                error = new SmtpReply(501, "5.5.4", $"Duplicate MAIL parameter {key}");
                return false;
            }
            switch (key)
            {
                case "SIZE":
                    if (string.IsNullOrEmpty(value) || !value.All(char.IsAsciiDigit))
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad SIZE parameter: a number of octets is expected");
                        return false;
                    }
                    // A number too large for 64 bits is still a size, and larger than any limit (RFC 1870 §6).
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > maxSize)
                    {
                        error = new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit");
                        return false;
                    }
                    size = s;
                    break;
                case "BODY":
                    body = value?.ToUpperInvariant() switch
                    {
                        "7BIT" => BodyType.SevenBit,
                        "8BITMIME" => BodyType.EightBitMime,
                        "BINARYMIME" => BodyType.BinaryMime,
                        _ => BodyType.Unspecified,
                    };
                    if (body == BodyType.Unspecified)
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad BODY parameter: 7BIT, 8BITMIME or BINARYMIME");
                        return false;
                    }
                    break;
                case "SMTPUTF8":
                    if (value is not null)
                    {
                        error = new SmtpReply(501, "5.5.4", "SMTPUTF8 takes no value");
                        return false;
                    }
                    utf8 = true;
                    break;
                case "RET":
                    ret = value?.ToUpperInvariant() switch
                    {
                        "FULL" => DsnReturn.Full,
                        "HDRS" => DsnReturn.Headers,
                        _ => DsnReturn.Unspecified,
                    };
                    if (ret == DsnReturn.Unspecified)
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad RET parameter: FULL or HDRS");
                        return false;
                    }
                    break;
                case "ENVID":
                    if (value is null || !XText.TryDecode(value, out envid) || envid.Length > MaxEnvelopeIdLength)
                    {
                        error = new SmtpReply(501, "5.5.4", $"Bad ENVID parameter: xtext of at most {MaxEnvelopeIdLength} characters");
                        return false;
                    }
                    if (!IsPrintable(envid))
                    {
                        // It goes into DSN header fields and the X.400 content correlator: a CR LF would start a field of its own.
                        error = new SmtpReply(501, "5.5.4", "Bad ENVID parameter: it must decode to printable US-ASCII (RFC 3461 section 4.4)");
                        return false;
                    }
                    break;
                case "MT-PRIORITY":
                    if (!TryParseTransferPriority(value, out var p))
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad MT-PRIORITY parameter: an integer from -9 to 9 (RFC 6710)");
                        return false;
                    }
                    priority = p;
                    break;
                default:
                    error = new SmtpReply(555, "5.5.4", $"Unsupported MAIL parameter {key}");
                    return false;
            }
        }
        result = new MailParameters(body, utf8, ret, envid, size, priority);
        error = null;
        return true;
    }

    /// <summary>
    /// RFC 6710 §3: one digit with an optional sign. A leading "+" is accepted although the grammar writes positive
    /// values bare, because refusing the whole message over it would help nobody.
    /// </summary>
    private static bool TryParseTransferPriority(string? value, out int priority)
    {
        priority = 0;
        if (value is null) return false;
        var sign = 1;
        var digits = value.AsSpan();
        if (digits.Length == 2 && digits[0] is '-' or '+')
        {
            sign = digits[0] == '-' ? -1 : 1;
            digits = digits[1..];
        }
        if (digits.Length != 1 || !char.IsAsciiDigit(digits[0])) return false;
        priority = sign * (digits[0] - '0');
        return true;
    }

    public static bool TryParseRcpt(string address, string parameters, [NotNullWhen(true)] out SmtpRecipient? result, [NotNullWhen(false)] out SmtpReply? error)
    {
        result = null;
        var notify = DsnNotify.Unspecified;
        string? orcptType = null;
        string? orcpt = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Split(parameters))
        {
            if (!IsKeyword(key))
            {
                error = new SmtpReply(501, "5.5.4", $"Bad RCPT parameter syntax: '{Original(key, value)}'");
                return false;
            }
            if (!seen.Add(key))
            {
                error = new SmtpReply(501, "5.5.4", $"Duplicate RCPT parameter {key}");
                return false;
            }
            switch (key)
            {
                case "NOTIFY":
                    if (!TryParseNotify(value, out notify))
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad NOTIFY parameter: NEVER, or any of SUCCESS,FAILURE,DELAY");
                        return false;
                    }
                    break;
                case "ORCPT":
                    var semicolon = value?.IndexOf(';', StringComparison.Ordinal) ?? -1;
                    if (semicolon <= 0 || !value![..semicolon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                        || !XText.TryDecode(value[(semicolon + 1)..], out orcpt) || orcpt.Length == 0 || orcpt.Length > MaxOriginalRecipientLength)
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad ORCPT parameter: addr-type;xtext");
                        return false;
                    }
                    if (!IsPrintable(orcpt))
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad ORCPT parameter: the address must decode to printable US-ASCII (RFC 3461 section 4.2)");
                        return false;
                    }
                    orcptType = value[..semicolon].ToLowerInvariant();
                    break;
                default:
                    error = new SmtpReply(555, "5.5.4", $"Unsupported RCPT parameter {key}");
                    return false;
            }
        }
        result = new SmtpRecipient(address, notify, orcptType, orcpt);
        error = null;
        return true;
    }

    private static bool TryParseNotify(string? value, out DsnNotify notify)
    {
        notify = DsnNotify.Unspecified;
        if (string.IsNullOrEmpty(value)) return false;
        foreach (var item in value.Split(','))
        {
            var flag = item.ToUpperInvariant() switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => DsnNotify.Unspecified,
            };
            if (flag == DsnNotify.Unspecified || (notify & flag) != 0) return false;
            notify |= flag;
        }
        // NEVER stands alone (RFC 3461 §4.1).
        return notify == DsnNotify.Never || (notify & DsnNotify.Never) == 0;
    }

    /// <summary>RFC 5321 §4.1.2 esmtp-keyword: (ALPHA / DIGIT) *(ALPHA / DIGIT / "-").</summary>
    private static bool IsKeyword(string key) =>
        key.Length > 0 && char.IsAsciiLetterOrDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>RFC 3461 §4.2, §4.4: what ENVID and ORCPT carry must be printable US-ASCII once decoded.</summary>
    private static bool IsPrintable(string text) => text.All(c => c is >= ' ' and <= '~');

    private static string Original(string key, string? value) => value is null ? key : $"{key}={value}";

    /// <summary>"KEY=value KEY2" into (upper-case key, value or null).</summary>
    public static IEnumerable<(string Key, string? Value)> Split(string parameters)
    {
        foreach (var p in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0 ? (p.ToUpperInvariant(), null) : (p[..eq].ToUpperInvariant(), p[(eq + 1)..]);
        }
    }
}
