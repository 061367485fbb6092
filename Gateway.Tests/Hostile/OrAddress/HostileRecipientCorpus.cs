namespace Gateway.Tests.Hostile.OrAddress;

/// <summary>
/// Hostile X.400 recipients as an SMTP client gives them in RCPT TO: std-or-address and RFC 1685 strings as the quoted local
/// part at the local X.400 domain, and MIXER-mapped personal names at acme.co.uk. Each is the text between the angle
/// brackets; the exact replies are data, in recipient-replies.tsv.
/// </summary>
internal static class HostileRecipientCorpus
{
    private const string Tail = "/O=x/PRMD=p/ADMD= /C=GB/";

    public static IReadOnlyDictionary<string, string> Cases { get; } = new Dictionary<string, string>
    {
        ["a well-formed std-or-address"] = Quoted("/G=a/S=b" + Tail),
        ["no leading slash"] = Quoted("G=a/S=b" + Tail),
        ["no trailing slash"] = Quoted("/G=a/S=b" + Tail.TrimEnd('/')),
        ["an empty component between slashes"] = Quoted("/G=a//S=b" + Tail),
        ["two slashes at the end"] = Quoted("/G=a/S=b" + Tail + "/"),
        ["a single slash"] = Quoted("/"),
        ["slashes only"] = Quoted("//////"),
        ["an empty key"] = Quoted("/=a/S=b" + Tail),
        ["a key without '='"] = Quoted("/S/G=a" + Tail),
        ["an empty surname"] = Quoted("/S=" + Tail),
        ["an unknown key"] = Quoted("/FOO=bar/S=b" + Tail),
        ["a key RFC 2156 knows but the gateway does not carry (X121)"] = Quoted("/X121=1234/S=b" + Tail),
        ["a postal attribute (PD-ADDRESS)"] = Quoted("/PD-ADDRESS=1 Road/S=b" + Tail),
        ["S twice"] = Quoted("/S=a/S=b" + Tail),
        ["C twice"] = Quoted("/S=b" + Tail + "C=US/"),
        ["ADMD twice under two spellings (A and ADMD)"] = Quoted("/S=b/A=x" + Tail),
        ["OU1 twice"] = Quoted("/S=b/OU1=a/OU1=c" + Tail),
        ["OU2 without OU1"] = Quoted("/S=b/OU2=a" + Tail),
        ["OU mixed with OU1"] = Quoted("/S=b/OU=a/OU1=c" + Tail),
        ["five OUs"] = Quoted("/S=b/OU=1/OU=2/OU=3/OU=4/OU=5" + Tail),
        ["surname of 40 (ub-surname-length)"] = Quoted($"/S={new string('s', 40)}" + Tail),
        ["surname of 41"] = Quoted($"/S={new string('s', 41)}" + Tail),
        ["given name of 17"] = Quoted($"/G={new string('g', 17)}/S=b" + Tail),
        ["initials of 6"] = Quoted("/I=ABCDEF/S=b" + Tail),
        ["generation qualifier of 4"] = Quoted("/GQ=IIII/S=b" + Tail),
        ["common name of 65"] = Quoted($"/CN={new string('c', 65)}" + Tail),
        ["organization of 65"] = Quoted($"/S=b/O={new string('o', 65)}/PRMD=p/ADMD= /C=GB/"),
        ["OU1 of 33"] = Quoted($"/S=b/OU1={new string('u', 33)}" + Tail),
        ["PRMD of 17"] = Quoted($"/S=b/O=x/PRMD={new string('p', 17)}/ADMD= /C=GB/"),
        ["ADMD of 17"] = Quoted($"/S=b/O=x/PRMD=p/ADMD={new string('a', 17)}/C=GB/"),
        ["country of three letters"] = Quoted("/S=b/O=x/PRMD=p/ADMD= /C=GBR/"),
        ["country of four digits"] = Quoted("/S=b/O=x/PRMD=p/ADMD= /C=8260/"),
        ["country mixing a letter and a digit"] = Quoted("/S=b/O=x/PRMD=p/ADMD= /C=G1/"),
        ["no country"] = Quoted("/S=b/O=x/PRMD=p/ADMD= /"),
        ["no ADMD"] = Quoted("/S=b/O=x/PRMD=p/C=GB/"),
        ["a given name without a surname"] = Quoted("/G=a" + Tail),
        ["initials without a surname"] = Quoted("/I=A" + Tail),
        ["DDA value of 129"] = Quoted($"/DD.ID={new string('v', 129)}/S=b" + Tail),
        ["DDA type of 9"] = Quoted("/DD.ABCDEFGHI=v/S=b" + Tail),
        ["five DDAs"] = Quoted("/DD.A=1/DD.B=2/DD.C=3/DD.D=4/DD.E=5/S=b" + Tail),
        ["DDA without a type"] = Quoted("/DD.=v/S=b" + Tail),
        ["the same DDA type twice"] = Quoted("/DD.ID=1/DD.ID=2/S=b" + Tail),
        ["an underscore in the surname"] = Quoted("/S=a_b" + Tail),
        ["an '@' in the surname"] = Quoted("/S=a@b" + Tail),
        ["an '(a)' escape in the surname"] = Quoted("/S=a(a)b" + Tail),
        ["a dangling '$' at the end of a value"] = Quoted("/S=b$/O=x/PRMD=p/ADMD= /C=GB$"),
        ["an escaped slash inside a value"] = Quoted("/S=a$/b" + Tail),
        ["an escaped '$'"] = Quoted("/S=a$$b" + Tail),
        ["an unterminated '(q' in an RFC-822 DDA"] = Quoted("/DD.RFC-822=a(qb/S=b" + Tail),
        ["an unknown '(zz)' escape in an RFC-822 DDA"] = Quoted("/DD.RFC-822=a(zz)b/S=b" + Tail),
        ["a '%' route in an RFC-822 DDA"] = Quoted("/DD.RFC-822=a%b(a)c/S=b" + Tail),
        ["percent and bang routing as the local part"] = "a%b!c@x400.example",
        ["a tab inside the address"] = Quoted("/S=a\tb" + Tail),
        ["a DEL inside the address"] = Quoted("/S=a\u007Fb" + Tail),
        ["a control character (0x01) inside the address"] = Quoted("/S=a\u0001b" + Tail),
        ["an 8-bit octet without SMTPUTF8"] = Quoted("/S=M\u00FCller" + Tail),
        ["a quoted backslash pair"] = Quoted("/S=a\\\\b" + Tail),
        ["a local part of 200 octets"] = Quoted($"/CN={new string('c', 60)}/OU1={new string('u', 30)}/OU2={new string('v', 30)}/OU3={new string('w', 30)}" + Tail),
        ["an RFC 1685 address"] = Quoted("S=b; O=x; P=p; A= ; C=GB"),
        ["an RFC 1685 address with an empty component"] = Quoted("S=b;; O=x; P=p; A= ; C=GB"),
        ["an RFC 1685 address with a std-or-address slash"] = Quoted("S=b/; O=x; P=p; A= ; C=GB"),
        ["a mapped name with two dots in a row"] = "steve..kille@acme.co.uk",
        ["a mapped name that starts with a dot"] = "\".kille\"@acme.co.uk",
        ["a mapped name with five parts"] = "a.b.c.d.kille@acme.co.uk",
        ["a mapped surname of 41"] = $"steve.{new string('k', 41)}@acme.co.uk",
        ["a mapped given name of 17"] = $"{new string('g', 17)}.kille@acme.co.uk",
        ["a mapped domain five OUs deep"] = "steve.kille@a.b.c.d.e.acme.co.uk",
        ["a mapped OU of 33"] = $"steve.kille@{new string('u', 33)}.acme.co.uk",
        ["a mapped domain in capitals"] = "Steve.Kille@ACME.CO.UK",
        ["a std-or-address quoted at the mapped domain"] = "\"/S=kille/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@acme.co.uk",
        ["an empty quoted local part"] = "\"\"@x400.example",
        ["no local part"] = "@x400.example",
    };

    private static string Quoted(string local) => $"\"{local}\"@x400.example";
}
