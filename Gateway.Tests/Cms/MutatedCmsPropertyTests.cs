using FsCheck;
using FsCheck.Fluent;
using Gateway.Cms;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms;

/// <summary>Valid OpenSSL vectors, damaged: bit flips, truncation, insertion, deletion. The inspector answers, and never throws.</summary>
[Collection(CmsVectorCollection.Name)]
public sealed class MutatedCmsPropertyTests(CmsVectorFixture openssl)
{
    private enum Mutation
    {
        FlipBit,
        Truncate,
        Insert,
        Delete,
        SetByte,
    }

    private sealed record Damage(int Vector, Mutation Mutation, int Position, byte Value, byte[] Inserted)
    {
        public byte[] Apply(byte[] vector)
        {
            var at = Position % vector.Length;
            return Mutation switch
            {
                Mutation.FlipBit => Set(vector, at, (byte)(vector[at] ^ (1 << (Value % 8)))),
                Mutation.Truncate => vector[..at],
                Mutation.Insert => [.. vector[..at], .. Inserted, .. vector[at..]],
                Mutation.Delete => [.. vector[..at], .. vector[Math.Min(vector.Length, at + 1 + Value % 16)..]],
                _ => Set(vector, at, Value),
            };
        }

        private static byte[] Set(byte[] vector, int at, byte value)
        {
            var copy = (byte[])vector.Clone();
            copy[at] = value;
            return copy;
        }
    }

    [Fact]
    public async Task Damaged_vectors_give_a_typed_result()
    {
        var ipm = X400TestContent.Ipm("mutated", "damaged on purpose");
        var signed = await openssl.SignAsync(ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(signed, openssl.RsaRecipient, "-aes128"), CmsOids.SignedData);
        byte[][] vectors =
        [
            signed,
            await openssl.SignAsync(ipm, openssl.EcSigner, "-nocerts", "-keyid", "-stream", "-econtent_type", CmsOids.Stanag4406),
            await openssl.EncryptForAsync(ipm, [openssl.EcRecipient, openssl.RsaRecipient], "-aes256", "-keyid"),
            await openssl.SignAsync(envelope, openssl.DsaSigner, "-md", "sha1", "-econtent_type", CmsOids.EnvelopedData),
            await openssl.SignAsync(await openssl.EncryptAsync(signed, openssl.RsaRecipient, "-des3", "-stream"), openssl.RsaSigner, "-stream"),
            await openssl.EncryptWithoutCertificateAsync(ipm, "-aes128", "-pwri_password", "mutations"),
        ];
        Assert.All(vectors, v => Assert.True(CmsInspector.Inspect(v).IsValid, CmsInspector.Inspect(v).Error));

        var damage =
            from vector in Gen.Choose(0, vectors.Length - 1)
            from mutation in Gen.Elements(Enum.GetValues<Mutation>())
            from position in Gen.Choose(0, int.MaxValue)
            from value in ArbMap.Default.GeneratorFor<byte>()
            from inserted in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())
            select new Damage(vector, mutation, position, value, inserted);
        var property = Prop.ForAll(damage.ToArbitrary(), d =>
            InspectionInvariants.Hold(CmsInspector.Inspect(d.Apply(vectors[d.Vector]))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
    }

    [Fact]
    public async Task Every_truncation_of_a_triple_wrap_is_refused()
    {
        var signed = await openssl.SignAsync(X400TestContent.Ipm("cut", "cut short"), openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(signed, openssl.RsaRecipient, "-aes128"), CmsOids.SignedData);
        var triple = await openssl.SignAsync(envelope, openssl.RsaSigner, "-econtent_type", CmsOids.EnvelopedData);

        for (var length = 0; length < triple.Length; length++)
        {
            var inspection = CmsInspector.Inspect(triple.AsMemory(0, length));
            Assert.False(inspection.IsValid, $"{length} octets");
            Assert.True(InspectionInvariants.Hold(inspection), $"{length} octets: {inspection.Error}");
            if (length > 4)
            {
                Assert.Equal(CmsErrorKind.Truncated, inspection.ErrorKind);
            }
        }
    }
}
