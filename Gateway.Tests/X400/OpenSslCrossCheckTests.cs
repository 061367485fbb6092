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
