namespace Gateway.Tests.Hostile.OrAddress;

/// <summary>
/// O/R address strings no SMTP command can carry (NUL, CR, LF, non-ASCII, 100 KB, 10,000 components), and the RFC 1685
/// form, given straight to the parser; the exact outcomes are data, in parser-outcomes.tsv.
/// </summary>
internal static class OrAddressParserCorpus
{
    private const string Tail = "/O=x/PRMD=p/ADMD= /C=GB/";

    public static IReadOnlyDictionary<string, string> Cases { get; } = new Dictionary<string, string>
    {
        ["std: NUL in a value"] = "/S=a\0b" + Tail,
        ["std: CR LF in a value"] = "/S=a\r\nRCPT TO:<x>" + Tail,
        ["std: a lone LF between components"] = "/S=b/\n" + Tail,
        ["std: a non-ASCII letter"] = "/S=Müller" + Tail,
        ["std: a lone surrogate"] = "/S=a\uD800b" + Tail,
        ["std: an emoji"] = "/S=a\U0001F600" + Tail,
        ["std: a fullwidth solidus instead of '/'"] = "/S=b\uFF0FO=x" + Tail,
        ["std: a value of 100 KB"] = "/S=" + new string('s', 100 * 1024) + Tail,
        ["std: 10,000 OU components"] = "/S=b" + string.Concat(Enumerable.Repeat("/OU=u", 10_000)) + Tail,
        ["std: 10,000 empty components"] = "/S=b" + new string('/', 10_000) + Tail,
        ["std: 10,000 '$' escapes"] = "/S=" + string.Concat(Enumerable.Repeat("$/", 10_000)) + Tail,
        ["std: '=' inside a value"] = "/S=a=b" + Tail,
        ["std: '$=' inside a key"] = "/S$==b" + Tail,
        ["std: lower-case keys"] = "/s=b/o=x/prmd=p/admd= /c=gb/",
        ["std: a key with spaces around it"] = "/ S =b" + Tail,
        ["std: a space-only ADMD and a space-only PRMD"] = "/S=b/PRMD= /ADMD= /C=GB/",
        ["std: only spaces"] = "     ",
        ["std: ADMD of 16 spaces and one letter"] = "/S=b/ADMD=" + new string(' ', 16) + "a/C=GB/",
        ["std: DDA type with a dot"] = "/DD.A.B=v/S=b" + Tail,
        ["std: DDA spelled DDA:"] = "/DDA:ID=v/S=b" + Tail,
        ["std: OU5"] = "/S=b/OU5=u" + Tail,
        ["std: OU0"] = "/S=b/OU0=u" + Tail,
        ["std: C of three digits"] = "/S=b/O=x/PRMD=p/ADMD= /C=826/",
        ["std: C lower case"] = "/S=b/O=x/PRMD=p/ADMD= /C=gb/",
        ["1685: well formed"] = "C=GB;A= ;P=p;O=x;S=b",
        ["1685: an empty component"] = "C=GB;;A= ;S=b",
        ["1685: a trailing ';'"] = "C=GB;A= ;S=b;",
        ["1685: a single ';'"] = ";",
        ["1685: a single '='"] = "=",
        ["1685: a key without a value"] = "C",
        ["1685: S twice"] = "C=GB;A= ;S=b;S=c",
        ["1685: a '$' quote"] = "C=GB;A= ;S=b$;c",
        ["1685: a '/' in a value"] = "C=GB;A= ;S=b/c",
        ["1685: 10,000 components"] = "C=GB;A= " + string.Concat(Enumerable.Repeat(";OU=u", 10_000)),
        ["1685: spaces around the separators"] = "C = GB ; A = ; S = b",
    };
}
