using Gateway.Fuzz.Targets;

namespace Gateway.Fuzz;

/// <summary>
/// The parsers the fuzzer drives, by the name run.sh and the replay tests use. A target returns what the input gave
/// (the value's summary, or the parser's own refusal word for word) and throws for anything else: an exception type the
/// parser does not document, or a broken invariant (<see cref="InvariantViolationException"/>).
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = ["ber", "cms", "p1", "oraddress", "mime", "smtp"];

    public static string Run(string target, byte[] input) => target switch
    {
        "ber" => BerTarget.Run(input),
        "cms" => CmsTarget.Run(input),
        "p1" => P1Target.Run(input),
        "oraddress" => OrAddressTarget.Run(input),
        "mime" => MimeTarget.Run(input),
        "smtp" => SmtpTarget.Run(input),
        _ => throw new ArgumentException($"no fuzz target '{target}'", nameof(target)),
    };
}
