using Gateway.Certificates;
using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.Relay;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Relay;

/// <summary>The relay's use of the verifier: routes, the §4.3 originator check, and the trace headers it leads to.</summary>
[Collection(VerificationCollection.Name)]
public sealed class SecurityCheckTests(VerificationPki pki)
{
    private SecurityCheck Check() => new(new SignatureVerifier(), CertificateService.Over([], pki.Anchors), TimeProvider.System);

    private async Task<(byte[] Cms, CmsInspection Inspection)> SignedAsync(OrName originator, PkiSigner signer)
    {
        var cms = await pki.SignAsync(X400TestContent.IpmFrom(originator, "s", "t"), signer);
        return (cms, CmsInspector.Inspect(cms));
    }

    [Fact]
    public async Task The_originator_named_in_the_certificate_matches()
    {
        var (cms, inspection) = await SignedAsync(new OrName(pki.Rsa.X400Address!), pki.Rsa);

        var findings = await Check().CheckAsync(cms, inspection, SecurityRoute.Default, CancellationToken.None);

        Assert.Equal(SignatureStatus.Valid, findings.Signature);
        Assert.True(findings.OriginatorMatch);
        Assert.Equal([pki.Rsa.Subject], findings.Signers);
        Assert.Equal($"originator {pki.Rsa.X400Address} is in the signer certificate", findings.OriginatorDetail);
    }

    [Fact]
    public async Task Another_originator_does_not_match_and_the_values_compared_are_named()
    {
        var claimed = OrAddress.Parse("/S=Someone/O=Else/ADMD= /C=GB/");
        var (cms, inspection) = await SignedAsync(new OrName(claimed), pki.Rsa);

        var findings = await Check().CheckAsync(cms, inspection, SecurityRoute.Default, CancellationToken.None);

        Assert.Equal(SignatureStatus.Valid, findings.Signature);
        Assert.False(findings.OriginatorMatch);
        Assert.Equal($"originator {claimed} is not in the signer certificate ({pki.Rsa.X400Address})", findings.OriginatorDetail);
    }

    [Fact]
    public async Task A_certificate_without_x400Address_cannot_vouch_for_an_X400_originator()
    {
        var (cms, inspection) = await SignedAsync(new OrName(pki.Rsa.X400Address!), pki.Expired);

        var findings = await Check().CheckAsync(cms, inspection, SecurityRoute.Default, CancellationToken.None);

        Assert.Equal(SignatureStatus.Untrusted, findings.Signature);
        Assert.False(findings.OriginatorMatch);
        Assert.EndsWith("the signer certificate has no x400Address", findings.OriginatorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_that_does_not_verify_checks_nothing()
    {
        var (cms, inspection) = await SignedAsync(new OrName(pki.Rsa.X400Address!), pki.Rsa);

        var off = await Check().CheckAsync(cms, inspection, new SecurityRoute("acme.co.uk", Verify: false), CancellationToken.None);

        Assert.Equal(SignatureStatus.NotChecked, off.Signature);
        Assert.Equal("route acme.co.uk does not verify", off.Reason);
        Assert.Null(off.OriginatorMatch);
    }

    [Fact]
    public void Trace_headers_replace_forged_ones_and_stay_7bit()
    {
        var message = new MimeMessage();
        message.Headers.Add(TraceHeaders.Signature, "valid; signer=\"forged\"");
        var findings = new SecurityFindings
        {
            Signature = SignatureStatus.Untrusted,
            Reason = "certificate CN=Zoë \"Z\" expired",
            Signers = ["CN=Zoë"],
            Algorithms = ["sha256/rsaEncryption"],
            OriginatorMatch = false,
            OriginatorDetail = "originator /S=X/ADMD= /C=GB/ is not in the signer certificate ()",
        };

        TraceHeaders.Add(message, findings);

        Assert.Equal(["untrusted; signer=\"CN=Zo?\"; algorithms=\"sha256/rsaEncryption\"; reason=\"certificate CN=Zo? \\\"Z\\\" expired\""],
            message.Headers.Where(h => h.Field == TraceHeaders.Signature).Select(h => h.Value));
        Assert.Equal("mismatch; detail=\"originator /S=X/ADMD= /C=GB/ is not in the signer certificate ()\"", message.Headers[TraceHeaders.Originator]);
    }
}
