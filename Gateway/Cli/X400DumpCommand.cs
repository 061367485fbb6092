using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Cms;
using Gateway.X400;

namespace Gateway.Cli;

/// <summary>
/// <c>Gateway x400 dump FILE.p1</c>: a P1 message (envelope and a summary of the content) or a P1 report, as JSON for
/// scripts. <c>kind</c> says which; values the gateway keeps as BER (extension values and the like) are printed in hex.
/// </summary>
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
        return await WriteJsonAsync(await File.ReadAllBytesAsync(path, cancellationToken), output, cancellationToken);
    }

    /// <summary>
    /// The dump of one .p1 file's octets, for every verb that shows a P1 file. Returns 0, or 65 (EX_DATAERR) when the
    /// octets are no MTS-APDU; the reason is then printed as JSON too, so scripts always read JSON.
    /// </summary>
    public static async Task<int> WriteJsonAsync(ReadOnlyMemory<byte> p1, TextWriter output, CancellationToken cancellationToken)
    {
        MtsApdu apdu;
        try
        {
            apdu = MtsApduCodec.DecodeApdu(p1);
        }
        catch (X400DecodeException e)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { error = $"cannot decode the MTS-APDU: {e.Message}" }, Json).AsMemory(), cancellationToken);
            return 65;
        }
        var json = apdu switch
        {
            P1Message message => JsonSerializer.Serialize(Message(message), Json),
            P1Report report => JsonSerializer.Serialize(Report(report), Json),
            _ => throw new InvalidOperationException($"the codec returned an unexpected {apdu.GetType().Name}"),
        };
        await output.WriteLineAsync(json.AsMemory(), cancellationToken);
        return 0;
    }

    private static object Message(P1Message p1)
    {
        var e1 = p1.Envelope;
        var content = p1.Content.ToArray();
        var cms = e1.ContentType.Oid == X400Oids.ContentInfo ? CmsInspector.Inspect(content) : null;
        return new
        {
            kind = "message",
            messageIdentifier = Identifier(e1.MessageIdentifier),
            originator = e1.Originator.Address.ToString(),
            recipients = e1.Recipients.Select(r => new
            {
                name = r.Name.Address.ToString(),
                number = r.OriginallySpecifiedRecipientNumber,
                indicators = r.Indicators.ToString(),
                explicitConversion = r.ExplicitConversion,
                extensions = Extensions(r.Extensions),
            }),
            contentType = e1.ContentType.ToString(),
            originalEncodedInformationTypes = Eits(e1.OriginalEncodedInformationTypes),
            contentIdentifier = e1.ContentIdentifier,
            contentCorrelator = Correlator(e1.ContentCorrelator),
            priority = e1.Priority.ToString(),
            perMessageIndicators = e1.PerMessageIndicators.ToString(),
            deferredDeliveryTime = e1.DeferredDeliveryTime,
            perDomainBilateralInformation = e1.PerDomainBilateralInformation.Select(b => b.ToString()),
            // Kept from before extensions were modelled whole: scripts read the numbers here.
            standardExtensions = e1.Extensions.Where(x => x.Type.StandardNumber is not null).Select(x => x.Type.StandardNumber!.Value),
            extensions = Extensions(e1.Extensions),
            trace = Trace(e1.Trace),
            content = new
            {
                octets = content.Length,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                cms = cms?.Layers,
                cmsError = cms?.Error,
                innerContentType = cms?.InnerContentType,
            },
        };
    }

    private static object Report(P1Report report)
    {
        var envelope = report.Envelope;
        var content = report.Content;
        return new
        {
            kind = "report",
            reportIdentifier = Identifier(envelope.ReportIdentifier),
            reportDestinationName = envelope.ReportDestinationName.Address.ToString(),
            trace = Trace(envelope.Trace),
            extensions = Extensions(envelope.Extensions),
            subjectIdentifier = Identifier(content.SubjectIdentifier),
            subjectIntermediateTrace = Trace(content.SubjectIntermediateTrace),
            originalEncodedInformationTypes = Eits(content.OriginalEncodedInformationTypes),
            contentType = content.ContentType?.ToString(),
            contentIdentifier = content.ContentIdentifier,
            contentCorrelator = Correlator(content.ContentCorrelator),
            contentExtensions = Extensions(content.Extensions),
            returnedContent = content.ReturnedContent is { } returned
                ? new { octets = returned.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(returned.Span)) }
                : null,
            additionalInformation = content.AdditionalInformation?.ToString(),
            recipients = content.Recipients.Select(r => new
            {
                actualRecipientName = r.ActualRecipientName.Address.ToString(),
                number = r.OriginallySpecifiedRecipientNumber,
                indicators = r.Indicators.ToString(),
                arrivalTime = r.LastTrace.ArrivalTime,
                convertedEncodedInformationTypes = Eits(r.LastTrace.ConvertedEncodedInformationTypes),
                type = r.LastTrace.ReportType is DeliveryReport ? "delivery" : "non-delivery",
                messageDeliveryTime = (r.LastTrace.ReportType as DeliveryReport)?.MessageDeliveryTime,
                typeOfMtsUser = (r.LastTrace.ReportType as DeliveryReport)?.TypeOfMtsUser.ToString(),
                reason = (r.LastTrace.ReportType as NonDeliveryReport)?.Reason.ToString(),
                reasonCode = (int?)(r.LastTrace.ReportType as NonDeliveryReport)?.Reason,
                diagnostic = (r.LastTrace.ReportType as NonDeliveryReport)?.Diagnostic?.ToString(),
                diagnosticCode = (int?)(r.LastTrace.ReportType as NonDeliveryReport)?.Diagnostic,
                originallyIntendedRecipientName = r.OriginallyIntendedRecipientName?.Address.ToString(),
                supplementaryInformation = r.SupplementaryInformation,
                extensions = Extensions(r.Extensions),
            }),
        };
    }

    private static object Identifier(MtsIdentifier id) => new
    {
        country = id.Domain.Country,
        administrationDomain = id.Domain.AdministrationDomain,
        privateDomain = id.Domain.PrivateDomain,
        localIdentifier = id.LocalIdentifier,
    };

    private static object? Eits(EncodedInformationTypes? eits) =>
        eits is null ? null : new { builtIn = eits.BuiltIn.ToString(), extended = eits.Extended };

    private static object? Correlator(ContentCorrelator? correlator) =>
        correlator is null ? null : new { ia5text = correlator.Ia5Text, octets = correlator.Octets is { } o ? Convert.ToHexString(o.Span) : null };

    private static IEnumerable<object> Extensions(IEnumerable<P1Extension> extensions) => extensions.Select(x => new
    {
        type = x.Type.StandardNumber is null ? "private-extension" : "standard-extension",
        number = x.Type.StandardNumber,
        oid = x.Type.PrivateOid,
        name = x.Type.StandardNumber is { } n ? StandardExtensions.Name(n) : null,
        criticality = x.Criticality.ToString(),
        value = x.Value?.ToString(),
    });

    private static IEnumerable<object> Trace(IEnumerable<TraceInformationElement> trace) => trace.Select(t => new
    {
        country = t.Domain.Country,
        administrationDomain = t.Domain.AdministrationDomain,
        privateDomain = t.Domain.PrivateDomain,
        arrivalTime = t.ArrivalTime,
        action = t.Action.ToString(),
        attemptedDomain = t.AttemptedDomain is { } a ? new { country = a.Country, administrationDomain = a.AdministrationDomain, privateDomain = a.PrivateDomain } : null,
        additionalActions = t.AdditionalActions.Select(x => x.ToString()),
    });
}
