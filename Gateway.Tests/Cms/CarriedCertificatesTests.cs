using Gateway.Cms;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms;

/// <summary>The certificates of one SignedData are parsed once and are BouncyCastle's own, in its order.</summary>
[Collection(VerificationCollection.Name)]
public sealed class CarriedCertificatesTests(VerificationPki pki)
{
    [Fact]
    public async Task Are_those_BouncyCastle_reads_the_same_instances_each_time_and_new_for_another_SignedData()
    {
        var cms = await pki.SignAsync(X400TestContent.Ipm("carried", "twice"), pki.Rsa, "-certfile", pki.IntermediatePath);
        var signed = SignedDataParsing.Parse(cms);

        var first = CarriedCertificates.Of(signed);
        var second = CarriedCertificates.Of(signed);
        var other = CarriedCertificates.Of(SignedDataParsing.Parse(cms));

        Assert.Equal(signed.GetCertificates().EnumerateMatches(null).Select(c => c.GetEncoded()), first.Select(c => c.GetEncoded()));
        Assert.Equal(2, first.Count);
        Assert.Same(first, second);
        Assert.NotSame(first[0], other[0]);
        Assert.Equal(first.Select(c => c.GetEncoded()), other.Select(c => c.GetEncoded()));
    }

    [Fact]
    public async Task A_SignedData_without_certificates_carries_none()
    {
        var cms = await pki.SignAsync(X400TestContent.Ipm("carried", "none"), pki.Rsa, "-nocerts");
        Assert.Empty(CarriedCertificates.Of(SignedDataParsing.Parse(cms)));
    }
}
