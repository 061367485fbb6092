using Gateway.Buffers;
using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Cms.Verification;

/// <summary>
/// A large signed object is verified without holding its content: BouncyCastle parses a copy without the eContent, the
/// content is digested where it lies (a mapped file, read through the file). The verdict must be the one the whole parse gives.
/// </summary>
[Collection(VerificationCollection.Name)]
public sealed class HollowSignedDataTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("hollow-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private FileBackedMemory InFile(byte[] octets)
    {
        var file = FileBackedMemory.CreateScratchFile(_directory);
        file.Write(octets);
        return FileBackedMemory.Map(file);
    }

    [Fact]
    public async Task The_hollow_parse_verifies_as_the_whole_one_and_finds_the_content_where_it_lies()
    {
        var ipm = X400TestContent.Ipm("large", new string('h', 600_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        using var mapped = InFile(cms);
        var context = new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow);

        Assert.True(HollowSignedData.TryParse(mapped.Memory, out var hollow, out var eContent));

        Assert.True(FileBackedMemory.TryGet(eContent, out var owner, out var start, out var length));
        Assert.Same(mapped, owner);
        Assert.Equal(ipm.Length, length);
        Assert.Equal(ipm, cms.AsSpan(start, length).ToArray());
        Assert.True(hollow.GetEncoded().Length < 10_000, $"the hollow copy has {hollow.GetEncoded().Length} octets");
        var whole = new SignatureVerifier().Verify(cms, context);
        var streamed = new SignatureVerifier().Verify(mapped.Memory, context, hollow, eContent);
        Assert.Equal(SignatureStatus.Valid, whole.Status);
        Assert.Equal(whole.Status, streamed.Status);
        Assert.Equal(whole.Reason, streamed.Reason);
        Assert.Equal(ipm, streamed.Content.ToArray());
    }

    [Fact]
    public async Task Content_changed_in_the_file_fails_the_message_digest()
    {
        var ipm = X400TestContent.Ipm("large", new string('h', 300_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        var at = cms.AsSpan().IndexOf("hhhhhhhh"u8) + 100_000;
        cms[at] = (byte)'H';
        using var mapped = InFile(cms);

        Assert.True(HollowSignedData.TryParse(mapped.Memory, out var hollow, out var eContent));
        var result = new SignatureVerifier().Verify(mapped.Memory, new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow), hollow, eContent);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("messageDigest does not match the sha256 digest of the content", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_BER_object_or_one_that_is_not_SignedData_is_not_made_hollow_a_DER_one_is()
    {
        var ipm = X400TestContent.Ipm("streamed", "hello");
        var ber = await pki.SignAsync(ipm, pki.Rsa, "-stream", "-outform", "DER"); // indefinite lengths, chunked eContent
        var der = await pki.SignAsync(ipm, pki.Rsa);

        Assert.False(HollowSignedData.TryParse(ber, out _, out _));
        Assert.False(HollowSignedData.TryParse(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, out _, out _));
        Assert.True(HollowSignedData.TryParse(der, out _, out var eContent));
        Assert.Equal(ipm, eContent.ToArray());
    }
}
