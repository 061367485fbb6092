namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// How a <see cref="PostfixInstance"/> is set up. The modes combine: an upstream instance usually also
/// has a relay host; a delivering instance may relay what is not for its own domains.
/// </summary>
public sealed record PostfixOptions
{
    /// <summary>Port of the public smtpd; a free one is picked when null.</summary>
    public int? ListenPort { get; init; }

    /// <summary>Relay everything not delivered locally to [127.0.0.1]:RelayPort (relayhost).</summary>
    public int? RelayPort { get; init; }

    /// <summary>
    /// Upstream mode: hand every message received to the after-queue filter (the gateway) on
    /// 127.0.0.1:FilterPort, using config/postfix/main.cf.snippet and master.cf.snippet as operators do.
    /// </summary>
    public int? FilterPort { get; init; }

    /// <summary>Port of the re-injection smtpd in upstream mode; a free one is picked when null.</summary>
    public int? ReinjectPort { get; init; }

    /// <summary>Delivering mode: mail for these domains is delivered into one maildir in the instance directory.</summary>
    public IReadOnlyList<string> MaildirDomains { get; init; } = [];

    /// <summary>Further main.cf parameters, applied last with `postconf -e` (e.g. short retry times).</summary>
    public IReadOnlyDictionary<string, string> MainCf { get; init; } = new Dictionary<string, string>();
}
