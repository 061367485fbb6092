using Gateway.Cms.Verification;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>A key is imported once: found again by its instance, and by its encoding from another instance; another key is another import.</summary>
[Collection(VerificationCollection.Name)]
public sealed class PlatformKeysTests(VerificationPki pki)
{
    [Fact]
    public void The_same_key_is_one_import_whether_found_by_instance_or_by_encoding()
    {
        var key = pki.Rsa.Certificate.SubjectPublicKeyInfo;
        var copy = SubjectPublicKeyInfo.GetInstance(key.GetDerEncoded());

        var first = PlatformKeys.Get(key, elliptic: false);

        Assert.NotNull(first);
        Assert.Same(first, PlatformKeys.Get(key, elliptic: false));
        Assert.Same(first, PlatformKeys.Get(copy, elliptic: false));
        Assert.NotSame(first, PlatformKeys.Get(pki.SecondRsa.Certificate.SubjectPublicKeyInfo, elliptic: false));
        Assert.NotNull(PlatformKeys.Get(pki.Ec.Certificate.SubjectPublicKeyInfo, elliptic: true));
    }
}
