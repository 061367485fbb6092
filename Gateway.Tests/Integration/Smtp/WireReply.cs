using Gateway.Tests.Smtp.Conformance;
using Xunit.Sdk;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>One complete server reply as it came over the socket: all its lines, without CRLF.</summary>
public sealed record WireReply(IReadOnlyList<string> Lines)
{
    /// <summary>Code and enhanced code of the first line, e.g. "500 5.5.2", or "354" when there is no enhanced code.</summary>
    public string Status => ReplyStatus.Of(Lines[0]);

    /// <summary>Fails with the whole reply in the message unless its status is exactly <paramref name="expected"/>.</summary>
    public WireReply Expect(string expected, string? context = null)
    {
        if (Status != expected)
        {
            throw new XunitException($"Expected a {expected} reply{(context is null ? "" : $" to {context}")}, got:\n{this}");
        }
        return this;
    }

    public override string ToString() => string.Join("\n", Lines);
}
