using Gateway.EmailAuth.Dns;
using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.EmailAuth.Dkim;

/// <summary>Every DKIM-Signature of a message verified with MimeKit's <see cref="DkimVerifier"/>, keys from DNS.</summary>
public sealed class DkimVerification(IDnsLookup dns)
{
    private const int MaxSignatures = 8; // a message with more is someone's experiment; the rest are not worth the lookups

    public async Task<IReadOnlyList<DkimResult>> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(dns));
        var results = new List<DkimResult>();
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Take(MaxSignatures))
        {
            var tags = Tags(header.Value);
            var domain = tags.GetValueOrDefault("d", "");
            var selector = tags.GetValueOrDefault("s", "");
            try
            {
                var valid = await verifier.VerifyAsync(message, header, cancellationToken);
                results.Add(new DkimResult(valid ? "pass" : "fail", domain, selector, valid ? "signature verified" : "signature or body hash does not match"));
            }
            catch (DkimKeyUnavailableException e)
            {
                results.Add(new DkimResult("temperror", domain, selector, e.Message));
            }
            // IOException: MimeKit reads p= as PEM and says "malformed PEM data" of a key that is not base64.
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or InvalidOperationException or ParseException
                or IOException)
            {
                results.Add(new DkimResult("permerror", domain, selector, e.Message));
            }
        }
        return results;
    }

    private static Dictionary<string, string> Tags(string value)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0) tags.TryAdd(part[..equals].Trim(), string.Concat(part[(equals + 1)..].Where(c => !char.IsWhiteSpace(c))));
        }
        return tags;
    }
}
