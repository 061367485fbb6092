using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>Has an independent BER parser (OpenSSL's) read what the encoder writes.</summary>
public sealed class OpenSslCrossCheckTests
{
    private const string OpenSsl = "/usr/bin/openssl";

    [Fact]
    public void Openssl_asn1parse_reads_the_encoded_MTS_APDU()
    {
        var message = P1Samples.Message(contentLength: 300);
        var path = Path.Combine(Path.GetTempPath(), $"mts-apdu-{Guid.NewGuid():N}.der");
        File.WriteAllBytes(path, MtsApduCodec.Encode(message));
        try
        {
            var (exitCode, output, error) = Run(OpenSsl, "asn1parse", "-inform", "DER", "-in", path);

            Assert.True(exitCode == 0, $"openssl exited with {exitCode}: {error}");
            Assert.StartsWith("    0:d=0  hl=4 l=", output, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"d=0 .* cons: cont \[ 0 \]"), output);
            Assert.Matches(new Regex(@"d=1 .* l= 300 prim: OCTET STRING"), output);
            // OpenSSL prints OIDs it knows by name and the rest in dotted form.
            Assert.Contains(":id-smime-ct-contentInfo", output, StringComparison.Ordinal);
            Assert.Contains(":" + X400Oids.EitSignedX400, output, StringComparison.Ordinal);
            Assert.Contains(":" + X400Oids.EitEnvelopedX400, output, StringComparison.Ordinal);
            Assert.Contains("appl [ 0 ]", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Error", output + error, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Openssl_asn1parse_reads_an_encoded_report_with_the_X411_tags_at_their_depths()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mts-apdu-report-{Guid.NewGuid():N}.der");
        File.WriteAllBytes(path, MtsApduCodec.Encode(P1Samples.Report(returnedContentLength: 120)));
        try
        {
            var (exitCode, output, error) = Run(OpenSsl, "asn1parse", "-inform", "DER", "-in", path);

            Assert.True(exitCode == 0, $"openssl exited with {exitCode}: {error}");
            Assert.DoesNotContain("Error", output + error, StringComparison.OrdinalIgnoreCase);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => Regex.Match(l, @"d=(\d+) .*?(prim|cons):\s+(.*?)\s*$"))
                .Where(m => m.Success)
                .Select(m => (Depth: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Form: m.Groups[2].Value, Text: m.Groups[3].Value))
                .ToList();
            // report [1] (implicit SEQUENCE), holding the ReportTransferEnvelope SET and the ReportTransferContent SET.
            Assert.Equal((0, "cons", "cont [ 1 ]"), lines[0]);
            Assert.Equal(2, lines.Count(l => l is { Depth: 1, Text: "SET" }));
            Assert.Equal((1, "cons", "SET"), lines[1]);
            // Envelope members at depth 2: report-destination-name, report-identifier, trace-information, extensions [1].
            var envelopeEnd = lines.FindIndex(2, l => l.Depth == 1);
            Assert.Equal(["appl [ 0 ]", "appl [ 4 ]", "appl [ 9 ]", "cont [ 1 ]"], lines[2..envelopeEnd].Where(l => l.Depth == 2).Select(l => l.Text));
            // Content members at depth 2, in DER tag order; returned-content [1] is a primitive OCTET STRING.
            var content = lines[(envelopeEnd + 1)..];
            Assert.Equal(
                ["OBJECT            :id-smime-ct-contentInfo", "appl [ 4 ]", "appl [ 5 ]", "appl [ 9 ]", "appl [ 10 ]", "cont [ 0 ]", "cont [ 1 ]", "cont [ 2 ]", "cont [ 3 ]"],
                content.Where(l => l.Depth == 2).Select(l => l.Text));
            Assert.Contains((2, "prim", "cont [ 1 ]"), content);
            // per-recipient-fields [0] SEQUENCE OF SET: three recipients at depth 3, their members at depth 4.
            Assert.Equal(3, content.Count(l => l is { Depth: 3, Text: "SET" }));
            Assert.Contains((4, "cons", "cont [ 0 ]"), content); // actual-recipient-name [0], implicit ORName
            Assert.Contains((4, "cons", "cont [ 3 ]"), content); // last-trace-information [3] SET
            Assert.Contains((4, "cons", "cont [ 4 ]"), content); // originally-intended-recipient-name [4]
            Assert.Contains((4, "prim", "cont [ 5 ]"), content); // supplementary-information [5]
            Assert.Contains((4, "cons", "cont [ 6 ]"), content); // extensions [6]
            // report-type [1] explicit at depth 5 wrapping delivery [0] / non-delivery [1] at depth 6.
            Assert.Contains((5, "cons", "cont [ 1 ]"), content);
            Assert.Contains((6, "cons", "cont [ 0 ]"), content);
            Assert.Contains((6, "cons", "cont [ 1 ]"), content);
            // The content correlator's value [2] is explicit: its OCTET STRING sits one level below.
            Assert.Contains((4, "cons", "cont [ 2 ]"), content);
            Assert.Contains((5, "prim", "OCTET STRING      [HEX DUMP]:C0FFEE"), content);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
