using System.Text;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>
/// A real gateway with trust anchors (root certificate and its CRL) verifies what OpenSSL signed, in both directions:
/// a valid signature by the IPM's originator passes, a tampered one gets 554 5.7.5, a signer that is not the originator
/// gets 554 5.7.1 (OriginatorMismatch=Reject), and mail from X.400 carries the result in the trace headers.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignatureVerificationTests(VerificationPki pki) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _anchors = TempDirectory.Create("anchors-");
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    private GatewayProcess Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        File.Copy(pki.RootCertificatePath, Path.Combine(_anchors, "root.pem"));
        await File.WriteAllBytesAsync(Path.Combine(_anchors, "root.crl"), pki.Crl.GetEncoded());
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = _sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = _anchors,
                ["Gateway:Security:OriginatorMismatch"] = "Reject",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
        Directory.Delete(_anchors, recursive: true);
    }

    private async Task<SwaksResult> SendSignedAsync(byte[] cms) =>
        await Swaks.SendAsync(Gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms));

    private System.Text.Json.JsonElement LastAudit() => Gateway.AuditLines()[^1].RootElement;

    [Fact]
    public async Task A_valid_signature_by_the_originator_is_relayed_and_audited()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "signed by its originator", Guid.NewGuid().ToString());
        var result = await SendSignedAsync(await pki.SignAsync(ipm, pki.Rsa));

        Assert.Equal(250, result.DataReplyCode);
        var audit = LastAudit();
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.True(audit.GetProperty("originatorMatch").GetBoolean());
        Assert.Equal(pki.Rsa.Subject, audit.GetProperty("signers")[0].GetString());
        Assert.StartsWith("sha256/", audit.GetProperty("algorithms")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_signed_object_is_refused_with_5_7_5()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "tampered", "the original text");
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        var at = IndexOf(cms, Encoding.ASCII.GetBytes("the original text"));
        cms[at] ^= 0x20;

        var result = await SendSignedAsync(cms);

        Assert.Equal(554, result.DataReplyCode);
        Assert.StartsWith("554 5.7.5 Signature invalid: ", result.DataReply, StringComparison.Ordinal);
        var audit = LastAudit();
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.Equal("invalid", audit.GetProperty("signature").GetString());
        Assert.Empty(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "out")));
    }

    /// <summary>
    /// Past 4 MiB the object is decoded to a file and verified where it lies (SignedDataParts, FileBackedMemory): the same
    /// verdicts, the same octets in the X.400 file, the originator still checked against the IPM heading.
    /// </summary>
    [Fact]
    public async Task A_large_signed_object_is_verified_from_its_file_and_relayed_octet_for_octet()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "large", new string('L', 5_000_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);

        var result = await SendSignedAsync(cms);

        Assert.Equal(250, result.DataReplyCode);
        var audit = LastAudit();
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.True(audit.GetProperty("originatorMatch").GetBoolean());
        var p1 = P1File.Read(await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "out")))));
        Assert.Equal(cms, p1.Content);
        Assert.Empty(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task A_large_signed_object_changed_after_signing_is_refused_with_5_7_5()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "large", new string('L', 5_000_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        cms[cms.AsSpan().IndexOf("LLLLLLLL"u8) + 4_000_000] = (byte)'l';

        var result = await SendSignedAsync(cms);

        Assert.Equal(554, result.DataReplyCode);
        Assert.StartsWith("554 5.7.5 Signature invalid: messageDigest does not match the sha256 digest of the content", result.DataReply, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "out")));
    }

    [Fact]
    public async Task A_signer_who_is_not_the_originator_is_refused_with_5_7_1()
    {
        var mallory = new OrName(OrAddress.Parse("/G=Mallory/S=Other/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
        var result = await SendSignedAsync(await pki.SignAsync(X400TestContent.IpmFrom(mallory, "impostor", "x"), pki.Rsa));

        Assert.Equal(554, result.DataReplyCode);
        Assert.StartsWith("554 5.7.1 Originator does not match the signer (RFC 3854 section 4.3): originator /G=Mallory/S=Other/", result.DataReply,
            StringComparison.Ordinal);
        var audit = LastAudit();
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.False(audit.GetProperty("originatorMatch").GetBoolean());
    }

    [Fact]
    public async Task Mail_from_X400_carries_the_verification_in_trace_headers()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "from X.400", "verified on the way out");
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        await InboundP1.DropAsync(Gateway, InboundP1.Cms(new OrName(pki.Rsa.X400Address!), "bob@example.com", cms, X400Oids.EitSignedX400, "verify-1"), "verify-1");

        var delivered = Assert.Single(await _sink!.WaitForMessagesAsync(1, Patience));
        var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        // The audit record is written once the next hop has answered, a moment after the sink has the message.
        var audit = Assert.Single(await Gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;

        Assert.Equal($"valid; signer=\"{pki.Rsa.Subject}\"; algorithms=\"{audit.GetProperty("algorithms")[0].GetString()}\"",
            message.Headers["X-X400-Gateway-Signature"]);
        Assert.StartsWith("match; detail=\"originator /G=Rosa/S=Signer/", message.Headers["X-X400-Gateway-Originator"], StringComparison.Ordinal);
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.True(audit.GetProperty("originatorMatch").GetBoolean());
    }

    /// <summary>A .p1 file past 4 MiB is mapped, not read: verified where it lies and sent from the file, octet for octet.</summary>
    [Fact]
    public async Task A_large_signed_object_from_X400_is_verified_and_reaches_SMTP_octet_for_octet()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "large from X.400", new string('M', 5_000_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        await InboundP1.DropAsync(Gateway, InboundP1.Cms(new OrName(pki.Rsa.X400Address!), "bob@example.com", cms, X400Oids.EitSignedX400, "large-1"), "large-1");

        var delivered = Assert.Single(await _sink!.WaitForMessagesAsync(1, Patience));
        var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        var audit = Assert.Single(await Gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;

        var part = Assert.IsAssignableFrom<MimePart>(message.Body);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(cms, decoded.ToArray());
        Assert.StartsWith("valid; ", message.Headers["X-X400-Gateway-Signature"], StringComparison.Ordinal);
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Empty(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "in")));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        }
        throw new InvalidOperationException("needle not found");
    }
}
