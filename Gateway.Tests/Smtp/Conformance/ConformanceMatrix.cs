using System.Net;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>
/// Every command in every session state, with the reply the standards call for: the code, and the RFC 3463 enhanced
/// code that RFC 2034 §3(4)/§4 requires on every 2xx/4xx/5xx reply except the greeting and the replies to HELO/EHLO —
/// "regardless of whether or not EHLO is employed by the client", so also before EHLO and after HELO. 3xx has none.
/// </summary>
internal static class ConformanceMatrix
{
    public const string BeforeHelo = "before HELO";
    public const string AfterEhlo = "after EHLO";
    public const string AfterHelo = "after HELO";
    public const string AfterMail = "after MAIL";
    public const string AfterRcpt = "after RCPT";
    public const string DuringBdat = "during BDAT";

    private static readonly string[] States = [BeforeHelo, AfterEhlo, AfterHelo, AfterMail, AfterRcpt, DuringBdat];

    private const string Ehlo = "EHLO client.example\r\n";
    private const string Mail = "MAIL FROM:<sender@client.example>\r\n";
    private const string Rcpt = "RCPT TO:<first@server.example>\r\n";

    /// <summary>What brings a fresh session (greeting read) into each state; each step must get a positive reply.</summary>
    public static IReadOnlyList<string> PrefixOf(string state) => state switch
    {
        BeforeHelo => [],
        AfterEhlo => [Ehlo],
        AfterHelo => ["HELO client.example\r\n"],
        AfterMail => [Ehlo, Mail],
        AfterRcpt => [Ehlo, Mail, Rcpt],
        DuringBdat => [Ehlo, Mail, Rcpt, "BDAT 4\r\nabcd"],
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no such state"),
    };

    /// <summary>A command under test: its exact wire form (chunk data included) and the kind of session it is sent to.</summary>
    public sealed record Command(string Wire, IPAddress Client, bool OfferTls);

    private static Command Plain(string wire) => new(wire, ConformanceSession.TrustedClient, OfferTls: true);

    public static readonly IReadOnlyDictionary<string, Command> Commands = new Dictionary<string, Command>
    {
        ["EHLO"] = Plain("EHLO other.example\r\n"),
        ["HELO"] = Plain("HELO other.example\r\n"),
        ["MAIL"] = Plain("MAIL FROM:<another@client.example>\r\n"),
        ["RCPT"] = Plain("RCPT TO:<second@server.example>\r\n"),
        ["DATA"] = Plain("DATA\r\n"),
        ["BDAT"] = Plain("BDAT 5\r\nchunk"),
        ["BDAT LAST"] = Plain("BDAT 5 LAST\r\nchunk"),
        ["RSET"] = Plain("RSET\r\n"),
        ["NOOP"] = Plain("NOOP\r\n"),
        ["QUIT"] = Plain("QUIT\r\n"),
        ["VRFY"] = Plain("VRFY postmaster\r\n"),
        ["EXPN"] = Plain("EXPN staff\r\n"),
        ["HELP"] = Plain("HELP\r\n"),
        ["STARTTLS"] = Plain("STARTTLS\r\n"),
        ["STARTTLS (no certificate)"] = new("STARTTLS\r\n", ConformanceSession.TrustedClient, OfferTls: false),
        ["XFORWARD"] = Plain("XFORWARD NAME=spike.example ADDR=192.0.2.7\r\n"),
        ["XFORWARD (untrusted client)"] = new("XFORWARD NAME=spike.example ADDR=192.0.2.7\r\n", ConformanceSession.UntrustedClient, OfferTls: true),
        ["AUTH"] = Plain("AUTH PLAIN AHVzZXIAc2VjcmV0\r\n"),
        ["unknown verb"] = Plain("FOOBAR baz\r\n"),
    };

    // Where a cell differs from what the code replied when this table was written, the comment names the rule.
    private static readonly (string Command, string[] Expected)[] Table =
    [
        //                               before HELO  after EHLO   after HELO   after MAIL   after RCPT   during BDAT
        // RFC 5321 §4.1.4: "a mail transaction may be aborted by the RSET, a new EHLO, or the QUIT command"; an EHLO
        // that is refused gets 501/500/502/550 only (§4.1.4, §4.3.2), never 503 — also in the middle of BDAT.
        ("EHLO",                        ["250",       "250",       "250",       "250",       "250",       "250"]),
        ("HELO",                        ["250",       "250",       "250",       "250",       "250",       "250"]),
        // §4.1.4: HELO/EHLO first; one transaction at a time (503 for the nested MAIL).
        ("MAIL",                        ["503 5.5.1", "250 2.1.0", "250 2.1.0", "503 5.5.1", "503 5.5.1", "503 5.5.1"]),
        ("RCPT",                        ["503 5.5.1", "503 5.5.1", "503 5.5.1", "250 2.1.5", "250 2.1.5", "503 5.5.1"]),
        // §3.3: DATA without accepted recipients may get 503 or 554; RFC 3030 §2: no DATA in a BDAT transaction.
        ("DATA",                        ["503 5.5.1", "503 5.5.1", "503 5.5.1", "554 5.5.1", "354",       "503 5.5.1"]),
        ("BDAT",                        ["503 5.5.1", "503 5.5.1", "503 5.5.1", "554 5.5.1", "250 2.0.0", "250 2.0.0"]),
        ("BDAT LAST",                   ["503 5.5.1", "503 5.5.1", "503 5.5.1", "554 5.5.1", "250 2.0.0", "250 2.0.0"]),
        // §4.1.1.5: "The receiver MUST send a 250 OK reply to a RSET command"; "may be issued ... at any time".
        ("RSET",                        ["250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0"]),
        ("NOOP",                        ["250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0"]),
        ("QUIT",                        ["221 2.0.0", "221 2.0.0", "221 2.0.0", "221 2.0.0", "221 2.0.0", "221 2.0.0"]),
        // §4.1.4: "NOOP, HELP, EXPN, VRFY, and RSET ... can be used at any time during a session ... SMTP servers
        // SHOULD process these normally (that is, not return a 503 code)"; §4.3.2 lists no 503 for VRFY or HELP.
        ("VRFY",                        ["252 2.0.0", "252 2.0.0", "252 2.0.0", "252 2.0.0", "252 2.0.0", "252 2.0.0"]),
        ("EXPN",                        ["502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1"]),
        ("HELP",                        ["214 2.0.0", "214 2.0.0", "214 2.0.0", "214 2.0.0", "214 2.0.0", "214 2.0.0"]),
        // RFC 3207 §4: 220 to go ahead. Inside a MAIL transaction it is refused, as Postfix does: the handshake
        // resets the session (§4.2) and would silently throw the transaction away.
        ("STARTTLS",                    ["220 2.0.0", "220 2.0.0", "220 2.0.0", "503 5.5.1", "503 5.5.1", "503 5.5.1"]),
        // RFC 5321 §4.2.4: recognized but not implemented is 502, whatever the state.
        ("STARTTLS (no certificate)",   ["502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1"]),
        // Postfix XFORWARD_README: any time except inside a MAIL transaction; only for authorized clients.
        ("XFORWARD",                    ["250 2.0.0", "250 2.0.0", "250 2.0.0", "503 5.5.1", "503 5.5.1", "503 5.5.1"]),
        ("XFORWARD (untrusted client)", ["550 5.7.0", "550 5.7.0", "550 5.7.0", "503 5.5.1", "503 5.5.1", "503 5.5.1"]),
        ("AUTH",                        ["502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1"]),
        // §4.2.4: "If the command is not recognized, code 500 SHOULD be returned" — a bad sequence needs a known command.
        ("unknown verb",                ["500 5.5.2", "500 5.5.2", "500 5.5.2", "500 5.5.2", "500 5.5.2", "500 5.5.2"]),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (command, expected) in Table)
        {
            if (!Commands.ContainsKey(command)) throw new InvalidOperationException($"no wire form for {command}");
            if (expected.Length != States.Length) throw new InvalidOperationException($"row {command} has {expected.Length} cells");
            for (var i = 0; i < States.Length; i++) data.Add(States[i], command, expected[i]);
        }
        if (Table.Length != Commands.Count) throw new InvalidOperationException("a command has no row");
        return data;
    }
}
