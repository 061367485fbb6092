using Gateway.Relay;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Configuration;

/// <summary>Builds the route table from validated <c>Gateway:Security:Routes</c>.</summary>
public static class SecurityRoutesFactory
{
    public static SecurityRoutes Create(SecurityOptions options) => new([.. options.Routes.Select(ToEntry)]);

    private static SecurityRoutes.Entry ToEntry(SecurityRouteOptions r)
    {
        OrAddress? prefix = null;
        if (r.Match.StartsWith('/') && !MappingRule.TryParsePrefix(r.Match, out prefix, out var error))
        {
            throw new InvalidOperationException($"The route '{r.Match}' was not validated: {error}");
        }
        MailDirection[] directions = PolicyNames.Canonical(r.Direction, PolicyNames.Directions) switch
        {
            PolicyNames.ToX400 => [MailDirection.ToX400],
            PolicyNames.ToSmtp => [MailDirection.ToSmtp],
            _ => [MailDirection.ToX400, MailDirection.ToSmtp],
        };
        var route = new SecurityRoute(r.Match, r.Verify, r.Sign, r.Encrypt, r.TripleWrap, r.Decrypt,
            PolicyNames.Canonical(r.Cipher, PolicyNames.Ciphers) ?? r.Cipher, r.StripCertificates);
        return new SecurityRoutes.Entry(prefix is null ? r.Match : null, prefix, directions, route);
    }
}
