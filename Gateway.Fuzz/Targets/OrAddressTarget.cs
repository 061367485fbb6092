using System.Text;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// The text parsers of addresses: the std-or-address and RFC 1685 forms (a parsed address must come back the same from
/// its std-or-address form and from DER; the RFC 1685 form is only read back, as it trims blanks and cannot quote), a mapping-table prefix, an RFC 822 mailbox, the RFC 2156 printable escapes (which
/// must round-trip), and the MIXER mapping both ways over a table like the operator's.
/// </summary>
public static class OrAddressTarget
{
    private static readonly MixerMapping Mapping = new(OrAddress.Parse("/O=GW/PRMD=Example/ADMD= /C=XX/"), ["x400.example", "second.example"],
    [
        new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
        new MappingRule("research.example", OrAddress.Parse("/PRMD=Research/ADMD=RX/C=DE/")),
        new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
        new MappingRule("lab.example.com", OrAddress.Parse("/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/")),
        new MappingRule("paris.acme.co.uk", OrAddress.Parse("/O=Acme Paris/PRMD=Acme/ADMD= /C=GB/")),
    ]);

    public static string Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        return string.Join('\n',
            $"or-address: {Address(text)}",
            $"prefix: {(MappingRule.TryParsePrefix(text, out var prefix, out var prefixError) ? prefix.ToString() : $"refused: {prefixError}")}",
            $"mailbox: {(Rfc822Mailbox.TryParse(text, out var mailbox, out var mailboxError) ? mailbox.ToString() : $"refused: {mailboxError}")}",
            $"printable: {Printable(text)}",
            $"x400 recipient: {(Mapping.TryMapX400Recipient(text, out var recipient, out var recipientError) ? recipient.Address.ToString() : $"refused: {recipientError}")}",
            $"smtp mailbox: {SmtpMailbox(text)}");
    }

    private static string Address(string text)
    {
        if (!OrAddress.TryParse(text, out var address, out var error)) return $"refused: {error}";
        Same(address, OrAddress.Parse(address.ToString()), "the std-or-address form");
        var rfc1685 = OrAddress.TryParse(address.ToRfc1685String(), out var again, out var rfc1685Error) ? again.ToString() : $"refused: {rfc1685Error}";
        Same(address, MtsApduCodec.DecodeOrName(MtsApduCodec.EncodeOrName(new OrName(address))).Address, "DER");
        return $"{address} <{Mapping.ToMailbox(new OrName(address))}> (RFC 1685: {rfc1685})";
    }

    private static string Printable(string text)
    {
        string encoded;
        try
        {
            encoded = Rfc2156Escaping.EncodePrintable(text);
        }
        catch (ArgumentException e)
        {
            return $"refused: {e.Message}";
        }
        var decoded = Rfc2156Escaping.DecodePrintable(encoded);
        if (decoded != text) throw new InvariantViolationException($"'{text}' escaped to '{encoded}' and came back as '{decoded}'");
        return $"{encoded} / {Rfc2156Escaping.DecodePrintable(text)}";
    }

    private static string SmtpMailbox(string text)
    {
        if (!Mapping.TryMapSmtpMailbox(text, out var name, out var error)) return $"refused: {error}";
        return $"{name.Address} <{Mapping.ToMailbox(name)}>";
    }

    private static void Same(OrAddress address, OrAddress again, string form)
    {
        if (!again.Equals(address)) throw new InvariantViolationException($"{address} came back from {form} as {again}");
    }
}
