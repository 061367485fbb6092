using Gateway.Mime;
using MimeKit;

namespace Gateway.Tests.Mime;

public sealed class Rfc3854ClassifierTests
{
    private static Classification Classify(string headerValue)
    {
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"Content-Type: {headerValue}\r\n\r\nAAAA\r\n")));
        return Rfc3854Classifier.Classify(message.Body!.ContentType);
    }

    [Theory]
    [InlineData("application/pkcs7-mime; smime-type=signed-x400", MessageKind.SignedX400)]
    [InlineData("Application/PKCS7-MIME; SMIME-TYPE=\"Signed-X400\"; name=smime.p7m", MessageKind.SignedX400)]
    [InlineData("application/x-pkcs7-mime; smime-type=enveloped-x400", MessageKind.EnvelopedX400)]
    [InlineData("application/pkcs7-mime;\r\n\tsmime-type=enveloped-x400;\r\n name=\"smime.p7m\"", MessageKind.EnvelopedX400)]
    [InlineData("application/pkcs7-mime; smime-type*=us-ascii''signed-x400", MessageKind.SignedX400)]
    [InlineData("application/pkcs7-mime; smime-type*0=signed-; smime-type*1=x400", MessageKind.SignedX400)]
    [InlineData("application/pkcs7-mime; smime-type*0*=us-ascii''enveloped-; smime-type*1=x400", MessageKind.EnvelopedX400)]
    [InlineData("application/pkcs7-mime; smime-type=signed-data", MessageKind.Mime)]
    [InlineData("application/pkcs7-mime", MessageKind.UnlabelledCms)]
    [InlineData("text/plain; smime-type=signed-x400", MessageKind.Mime)]
    [InlineData("multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=x", MessageKind.Mime)]
    public void Recognises_the_smime_types_whatever_their_spelling(string header, MessageKind expected)
    {
        var c = Classify(header);
        Assert.Equal(expected, c.Kind);
        Assert.True(c.IsValid);
    }

    [Theory]
    [InlineData("application/x400-content; content-type=22", "22")]
    [InlineData("application/x400-content; content-type=\"1.3.26.0.4406.0.4.1\"", "1.3.26.0.4406.0.4.1")]
    [InlineData("APPLICATION/X400-CONTENT; Content-Type = 2.6.1.10.1", "2.6.1.10.1")]
    public void Reads_the_x400_content_type(string header, string expected)
    {
        var c = Classify(header);
        Assert.Equal(MessageKind.X400Content, c.Kind);
        Assert.Equal(expected, c.ContentType!.ToString());
    }

    [Theory]
    [InlineData("application/x400-content; content-type=22.x", "content-type=22.x is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("application/x400-content", "the content-type parameter is missing or empty")]
    [InlineData("application/x400-content; content-type=abc", "content-type=abc is not an integer in 0..32767 nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("application/x400-content; content-type=1..2", "content-type=1..2 is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    public void Says_what_is_wrong_with_a_bad_content_type(string header, string error)
    {
        var c = Classify(header);
        Assert.Equal(MessageKind.X400Content, c.Kind);
        Assert.Equal(error, c.Error);
    }

    [Theory]
    [InlineData("application/pkcs7-mime; name=smime.p7m")]
    [InlineData("application/x-pkcs7-mime")]
    [InlineData("application/octet-stream; name=\"SMIME.P7M\"")]
    public void A_CMS_object_without_smime_type_is_left_to_the_CMS_structure(string header)
    {
        Assert.Equal(MessageKind.UnlabelledCms, Classify(header).Kind);
    }

    [Fact]
    public void Octet_stream_counts_as_CMS_by_its_disposition_file_name_too()
    {
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=smime.p7m\r\n\r\nAAAA\r\n")));
        Assert.Equal(MessageKind.UnlabelledCms, Rfc3854Classifier.Classify(message.Body!.ContentType, message.Body.ContentDisposition).Kind);
        Assert.Equal(MessageKind.Mime, Rfc3854Classifier.Classify(message.Body.ContentType).Kind);
    }

    [Fact]
    public void Octet_stream_with_another_name_is_ordinary_MIME()
    {
        Assert.Equal(MessageKind.Mime, Classify("application/octet-stream; name=report.pdf").Kind);
    }
}
