using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>The file drop writes the envelope's encoding and then the content from where it lies: together they must be the whole encoding.</summary>
public sealed class P1EncoderHeadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(16_777_216)]
    public void Head_and_content_are_the_whole_encoding(int contentLength)
    {
        var content = new byte[contentLength];
        Random.Shared.NextBytes(content);
        foreach (var envelope in new[] { P1Samples.Envelope(), P1Samples.RichEnvelope() })
        {
            var message = new P1Message(envelope, content);

            var head = P1Encoder.EncodeHead(envelope, contentLength);

            Assert.Equal(MtsApduCodec.Encode(message), (byte[])[.. head, .. content]);
            Assert.Equal(message, MtsApduCodec.Decode((byte[])[.. head, .. content]));
        }
    }
}
