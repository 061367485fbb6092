using System.Globalization;
using System.Security.Cryptography;
using Gateway.Cms;
using Gateway.Mime;
using Gateway.Relay;
using Gateway.X400;
using Gateway.X400.Transport;

namespace Gateway.Cli;

/// <summary>
/// <c>Gateway x400 make -f ORIGINATOR -t RECIPIENT … -o OUT CONTENT</c>: builds the <c>.p1</c> file an X.400 MTA
/// would hand over, with the envelope the gateway itself would write, for operators feeding a test message into
/// <c>in/</c> and for tests. Options are single-dash because everything after the first <c>--</c> is configuration.
/// </summary>
public static class X400MakeCommand
{
    public const string Usage = "x400 make -f ORIGINATOR -t RECIPIENT [-t …] [-T CONTENT-TYPE] [-p PRIORITY] [-i CONTENT-ID] [-l LOCAL-ID] -o OUT CONTENT";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string gatewayAddress, TextWriter output, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var request, out var error))
        {
            await output.WriteLineAsync($"x400 make: {error}\nusage: Gateway {Usage}");
            return 64; // EX_USAGE
        }
        if (!File.Exists(request.ContentPath))
        {
            await output.WriteLineAsync($"x400 make: {request.ContentPath}: no such file");
            return 66; // EX_NOINPUT
        }
        var content = await File.ReadAllBytesAsync(request.ContentPath, cancellationToken);
        var kind = MessageKind.X400Content;
        var contentType = request.ContentType;
        if (contentType is null)
        {
            // Auto-detect only what is unambiguous: a CMS object gets the RFC 3855 envelope, anything else is an IPM.
            var inspection = CmsInspector.Inspect(content);
            if (inspection.IsValid && inspection.Protection is { } protection)
            {
                kind = protection == ProtectionKind.Enveloped ? MessageKind.EnvelopedX400 : MessageKind.SignedX400;
            }
            else
            {
                contentType = X400ContentType.FromBuiltIn(22);
            }
        }
        else if (contentType.Oid == X400Oids.ContentInfo)
        {
            var inspection = CmsInspector.Inspect(content);
            if (!inspection.IsValid || inspection.Protection is null)
            {
                await output.WriteLineAsync($"x400 make: content type {X400Oids.ContentInfo} needs a CMS object: {inspection.Error ?? "no signed or enveloped layer"}");
                return 65; // EX_DATAERR
            }
            kind = inspection.Protection == ProtectionKind.Enveloped ? MessageKind.EnvelopedX400 : MessageKind.SignedX400;
        }

        var localId = request.LocalIdentifier ?? X400EnvelopeFactory.TransactionDigest(
            request.Originator.ToString(), request.Recipients.Select(r => r.ToString()), SHA256.HashData(content));
        var envelope = new X400EnvelopeFactory(OrAddress.Parse(gatewayAddress)).Create(kind, contentType, new OrName(request.Originator),
            [.. request.Recipients.Select(r => new OrName(r))], localId, clock.GetUtcNow(), request.Priority);
        envelope = envelope with { ContentIdentifier = request.ContentIdentifier };
        byte[] encoded;
        try
        {
            encoded = MtsApduCodec.Encode(new P1Message(envelope, content));
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"x400 make: {e.Message}");
            return 65;
        }
        var path = Directory.Exists(request.OutputPath) ? Path.Combine(request.OutputPath, localId + ".p1") : request.OutputPath;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Written beside the target and renamed in, so that a reader watching the directory never sees half a file.
        await DurableFile.WriteAsync(path, encoded, directory, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {encoded.Length} octets, {kind.ToName()}, content-type {envelope.ContentType}, message-identifier {envelope.MessageIdentifier}"));
        return 0;
    }

    private sealed record Request(OrAddress Originator, IReadOnlyList<OrAddress> Recipients, X400ContentType? ContentType, Priority Priority,
        string? ContentIdentifier, string? LocalIdentifier, string OutputPath, string ContentPath);

    private static bool TryParse(IReadOnlyList<string> args, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Request? request, out string error)
    {
        request = null;
        OrAddress? originator = null;
        List<OrAddress> recipients = [];
        X400ContentType? contentType = null;
        var priority = Priority.Normal;
        string? contentId = null, localId = null, outputPath = null, contentPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.Length != 2)
            {
                if (contentPath is not null)
                {
                    error = $"unexpected argument '{arg}'";
                    return false;
                }
                contentPath = arg;
                continue;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value";
                return false;
            }
            var value = args[++i];
            switch (arg)
            {
                case "-f" or "-t":
                    if (!OrAddress.TryParse(value, out var address, out var addressError))
                    {
                        error = $"{arg} '{value}': {addressError}";
                        return false;
                    }
                    if (arg == "-f") originator = address;
                    else recipients.Add(address);
                    break;
                case "-T":
                    if (!X400ContentType.TryParse(value, out contentType, out var typeError))
                    {
                        error = $"-T '{value}': {typeError}";
                        return false;
                    }
                    break;
                case "-p":
                    // PriorityHeader.Parse reads anything unknown as normal; an operator's typo deserves an error.
                    priority = PriorityHeader.Parse(value);
                    if (PriorityHeader.Format(priority) != value.Trim().ToLowerInvariant())
                    {
                        error = $"-p '{value}': normal, non-urgent or urgent";
                        return false;
                    }
                    break;
                case "-i":
                    contentId = value;
                    break;
                case "-l":
                    localId = value;
                    break;
                case "-o":
                    outputPath = value;
                    break;
                default:
                    error = $"unknown option {arg}";
                    return false;
            }
        }
        error = originator is null ? "-f ORIGINATOR is required"
            : recipients.Count == 0 ? "at least one -t RECIPIENT is required"
            : outputPath is null ? "-o OUT is required (a file, or a directory such as the drop's in/)"
            : contentPath is null ? "the CONTENT file is required"
            : "";
        if (error.Length > 0) return false;
        request = new Request(originator!, recipients, contentType, priority, contentId, localId, outputPath!, contentPath!);
        return true;
    }
}
