using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Cms;
using Gateway.X400;

namespace Gateway.Cli;

/// <summary><c>Gateway x400 dump FILE.p1</c>: the P1 envelope and a summary of the content, as JSON for scripts.</summary>
public static class X400DumpCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string path, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"x400 dump: {path}: no such file");
            return 66;
        }
        P1Message p1;
        try
        {
            p1 = MtsApduCodec.Decode(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (X400DecodeException e)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { error = $"cannot decode the MTS-APDU: {e.Message}" }, Json));
            return 65;
        }
        var e1 = p1.Envelope;
        var content = p1.Content.ToArray();
        var cms = e1.ContentType.Oid == X400Oids.ContentInfo ? CmsInspector.Inspect(content) : null;
        var dump = new
        {
            messageIdentifier = new
            {
                country = e1.MessageIdentifier.Domain.Country,
                administrationDomain = e1.MessageIdentifier.Domain.AdministrationDomain,
                privateDomain = e1.MessageIdentifier.Domain.PrivateDomain,
                localIdentifier = e1.MessageIdentifier.LocalIdentifier,
            },
            originator = e1.Originator.Address.ToString(),
            recipients = e1.Recipients.Select(r => new
            {
                name = r.Name.Address.ToString(),
                number = r.OriginallySpecifiedRecipientNumber,
                indicators = r.Indicators.ToString(),
            }),
            contentType = e1.ContentType.ToString(),
            originalEncodedInformationTypes = e1.OriginalEncodedInformationTypes is { } eits
                ? new { builtIn = eits.BuiltIn.ToString(), extended = eits.Extended }
                : null,
            contentIdentifier = e1.ContentIdentifier,
            priority = e1.Priority.ToString(),
            perMessageIndicators = e1.PerMessageIndicators.ToString(),
            standardExtensions = e1.StandardExtensions,
            trace = e1.Trace.Select(t => new
            {
                country = t.Domain.Country,
                administrationDomain = t.Domain.AdministrationDomain,
                privateDomain = t.Domain.PrivateDomain,
                arrivalTime = t.ArrivalTime,
                action = t.Action.ToString(),
            }),
            content = new
            {
                octets = content.Length,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                cms = cms?.Layers,
                cmsError = cms?.Error,
                innerContentType = cms?.InnerContentType,
            },
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(dump, Json));
        return 0;
    }
}
