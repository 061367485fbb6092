using System.Globalization;
using Gateway.Cms;
using Gateway.Mime;
using Gateway.X400;
using MimeKit;

namespace Gateway.Cli;

/// <summary>
/// <c>Gateway inspect FILE</c>: what the gateway sees in a message (.eml), a bare CMS object (.der/.p7m) or an X.400
/// file-drop message (.p1) — the operator's first tool when a message was refused.
/// </summary>
public static class InspectCommand
{
    public static async Task<int> RunAsync(string path, long maxSize, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"inspect: {path}: no such file");
            return 66; // EX_NOINPUT
        }
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"file: {path} ({bytes.Length} octets)"));
        if (bytes.Length > 0 && bytes[0] == 0xA0)
        {
            return await P1Async(bytes, output);
        }
        if (bytes.Length > 0 && bytes[0] == 0xA1)
        {
            return await P1ReportAsync(bytes, output);
        }
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            await output.WriteLineAsync("format: CMS object (BER/DER ContentInfo)");
            return await CmsAsync(bytes, output);
        }
        return await MimeAsync(bytes, maxSize, output, cancellationToken);
    }

    private static async Task<int> P1Async(byte[] bytes, TextWriter output)
    {
        await output.WriteLineAsync("format: X.400 P1 message (MTS-APDU)");
        P1Message p1;
        try
        {
            p1 = MtsApduCodec.Decode(bytes);
        }
        catch (X400DecodeException e)
        {
            await output.WriteLineAsync($"error: cannot decode the MTS-APDU: {e.Message}");
            return 65; // EX_DATAERR
        }
        var e1 = p1.Envelope;
        await output.WriteLineAsync($"message-identifier: {e1.MessageIdentifier}");
        await output.WriteLineAsync($"originator: {e1.Originator.Address}");
        foreach (var r in e1.Recipients)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"recipient {r.OriginallySpecifiedRecipientNumber}: {r.Name.Address} ({r.Indicators})"));
        }
        await output.WriteLineAsync($"content-type: {Describe(e1.ContentType)}");
        if (e1.OriginalEncodedInformationTypes is { } eits)
        {
            await output.WriteLineAsync($"original-encoded-information-types: {eits.BuiltIn}{string.Concat(eits.Extended.Select(o => $", {o}{OidName(o)}"))}");
        }
        await output.WriteLineAsync($"per-message-indicators: {e1.PerMessageIndicators}");
        if (e1.DeferredDeliveryTime is { } deferred) await output.WriteLineAsync($"deferred-delivery-time: {deferred:O}");
        foreach (var extension in e1.Extensions) await output.WriteLineAsync($"extension: {extension}");
        if (e1.ContentCorrelator is { } correlator) await output.WriteLineAsync($"content-correlator: {correlator}");
        foreach (var t in e1.Trace) await output.WriteLineAsync($"trace: {t.Domain.Country}/{t.Domain.AdministrationDomain}/{t.Domain.PrivateDomain} {t.ArrivalTime:O} {t.Action}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"content: {p1.Content.Length} octets"));
        return e1.ContentType.Oid == X400Oids.ContentInfo ? await CmsAsync(p1.Content.ToArray(), output) : 0;
    }

    private static async Task<int> P1ReportAsync(byte[] bytes, TextWriter output)
    {
        await output.WriteLineAsync("format: X.400 P1 report (MTS-APDU report [1])");
        P1Report report;
        try
        {
            report = (P1Report)MtsApduCodec.DecodeApdu(bytes);
        }
        catch (X400DecodeException e)
        {
            await output.WriteLineAsync($"error: cannot decode the MTS-APDU: {e.Message}");
            return 65;
        }
        await output.WriteLineAsync($"report-identifier: {report.Envelope.ReportIdentifier}");
        await output.WriteLineAsync($"report-destination: {report.Envelope.ReportDestinationName.Address}");
        await output.WriteLineAsync($"subject-identifier: {report.Content.SubjectIdentifier}");
        foreach (var r in report.Content.Recipients)
        {
            var outcome = r.LastTrace.ReportType switch
            {
                DeliveryReport d => $"delivered {d.MessageDeliveryTime:O}",
                NonDeliveryReport n => string.Create(CultureInfo.InvariantCulture,
                    $"not delivered, reason {(int)n.Reason} ({n.Reason}){(n.Diagnostic is { } diagnostic ? $", diagnostic {(int)diagnostic} ({diagnostic})" : "")}"),
                _ => "unknown",
            };
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"recipient {r.OriginallySpecifiedRecipientNumber}: {r.ActualRecipientName.Address}: {outcome}"));
        }
        return 0;
    }

    private static async Task<int> MimeAsync(byte[] bytes, long maxSize, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("format: MIME message");
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false), cancellationToken);
        }
        catch (FormatException e)
        {
            await output.WriteLineAsync($"error: not an RFC 5322/MIME message: {e.Message}");
            return 65;
        }
        var body = message.Body;
        await output.WriteLineAsync($"content-type: {Unfold(body?.Headers[HeaderId.ContentType])}");
        if (body is MimePart part) await output.WriteLineAsync($"content-transfer-encoding: {part.ContentTransferEncoding}");
        var classification = Rfc3854Classifier.Classify(body?.ContentType, body?.ContentDisposition);
        await output.WriteLineAsync($"classification: {(classification.Kind == MessageKind.UnlabelledCms ? "CMS without smime-type (the structure decides)" : classification.Kind.ToName())}"
            + (classification.ContentType is { } ct ? $", X.400 content type {Describe(ct)}" : ""));
        if (!classification.IsValid)
        {
            await output.WriteLineAsync($"error: {classification.Error}");
            return 65;
        }
        if (!classification.Kind.IsX400Form()) return 0;
        var unwrapped = await Rfc3854Unwrapper.UnwrapAsync(body!, maxSize, cancellationToken);
        if (unwrapped.Error is not null)
        {
            await output.WriteLineAsync($"error: {unwrapped.Error}");
            return 65;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"unwrapped: {unwrapped.Content.Length} octets"));
        return classification.Kind.IsCms() ? await CmsAsync(unwrapped.Content.ToArray(), output) : 0;
    }

    private static async Task<int> CmsAsync(byte[] der, TextWriter output)
    {
        var inspection = CmsInspector.Inspect(der);
        for (var i = 0; i < inspection.LayerDetails.Count; i++)
        {
            var layer = inspection.LayerDetails[i];
            await output.WriteLineAsync($"cms layer {i + 1}: {layer.Kind}");
            var indent = new string(' ', 2);
            if (layer.DeclaredInnerType is { } declared)
            {
                await output.WriteLineAsync($"{indent}declared content type: {declared}{OidName(declared)}{(layer.LabelledAsData ? " (found under an id-data label)" : "")}");
            }
            if (layer.ContentLength is { } length) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{indent}content: {length} octets"));
            foreach (var digest in layer.DigestAlgorithms) await output.WriteLineAsync($"{indent}digest algorithm: {digest.Display}");
            if (layer.ContentEncryptionAlgorithm is { } encryption) await output.WriteLineAsync($"{indent}content encryption: {encryption.Display}");
            foreach (var signer in layer.Signers)
            {
                await output.WriteLineAsync($"{indent}signer: {signer.Identifier} ({signer.DigestAlgorithm?.Display}, {signer.SignatureAlgorithm?.Display})");
            }
            foreach (var recipient in layer.Recipients)
            {
                await output.WriteLineAsync($"{indent}recipient: {recipient.Kind} {recipient.Identifier ?? "(password)"} ({recipient.KeyEncryptionAlgorithm?.Display})");
            }
            if (layer.CertificateCount > 0 || layer.CrlCount > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{indent}certificates: {layer.CertificateCount}, CRLs: {layer.CrlCount}"));
            }
        }
        if (inspection.InnerContentType is { } inner) await output.WriteLineAsync($"innermost content type: {inner}{OidName(inner)}");
        if (inspection.Protection is { } protection)
        {
            await output.WriteLineAsync($"smime-type by structure: {(protection == ProtectionKind.Signed ? "signed-x400" : "enveloped-x400")}");
        }
        if (inspection.IsValid) return 0;
        await output.WriteLineAsync($"error: {inspection.Error}");
        return 65;
    }

    private static string Unfold(string? header) =>
        header is null ? "(none)" : string.Join(' ', header.Split(["\r\n", "\n"], StringSplitOptions.None).Select(l => l.Trim())).Trim();

    private static string Describe(X400ContentType type) => type.BuiltIn switch
    {
        2 => "2 (interpersonal-messaging-1984)",
        22 => "22 (interpersonal-messaging-1988)",
        35 => "35 (edi-messaging)",
        { } n => n.ToString(CultureInfo.InvariantCulture),
        null => type.Oid + OidName(type.Oid!),
    };

    private static string OidName(string oid) => oid switch
    {
        X400Oids.ContentInfo => " (id-ct-contentInfo)",
        X400Oids.Data => " (id-data)",
        X400Oids.EitSignedX400 => " (id-eit-signedX400)",
        X400Oids.EitEnvelopedX400 => " (id-eit-envelopedX400)",
        X400Oids.InterpersonalMessaging1988 => " (id-mct-p22, IPM 1988)",
        "1.3.26.0.4406.0.4.1" => " (STANAG 4406 military message)",
        _ => "",
    };
}
