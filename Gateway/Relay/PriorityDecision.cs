using Gateway.X400;

namespace Gateway.Relay;

/// <summary>
/// The P1 priority of a message going to X.400, from what SMTP carries, strongest first: the RFC 6710 MT-PRIORITY
/// parameter, the RFC 6710 §9 <c>MT-Priority:</c> header (how the value crosses Postfix, which lacks the extension),
/// then the RFC 2156 <c>Priority:</c> header. Priority buys precedence on X.400 links, so only a trusted client may
/// raise it above normal (RFC 6710 §5 lets a server lower what it does not trust); anyone may lower it.
/// </summary>
public static class PriorityDecision
{
    public static Priority Decide(int? mtPriorityParameter, string? mtPriorityHeader, string? priorityHeader, bool trustedClient)
    {
        var value = mtPriorityParameter
            ?? (trustedClient ? TransferPriority.ParseHeader(mtPriorityHeader) : null)
            ?? TransferPriority.FromX400(PriorityHeader.Parse(priorityHeader));
        if (!trustedClient && value > 0) value = 0;
        return TransferPriority.ToX400(value);
    }
}
