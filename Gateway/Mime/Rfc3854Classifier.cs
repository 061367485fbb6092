using Gateway.X400;
using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// Recognises the RFC 3854 forms from the top-level Content-Type. MimeKit does the header grammar (folding,
/// quoting, RFC 2231, case of names); MimeKit's own S/MIME classes know nothing of the -x400 smime-types,
/// so the decision is made here.
/// </summary>
public static class Rfc3854Classifier
{
    public static Classification Classify(ContentType? contentType)
    {
        if (contentType is null) return Classification.Mime;
        if (contentType.IsMimeType("application", "pkcs7-mime") || contentType.IsMimeType("application", "x-pkcs7-mime"))
        {
            var smimeType = contentType.Parameters["smime-type"]?.Trim();
            if (string.Equals(smimeType, "signed-x400", StringComparison.OrdinalIgnoreCase)) return new(MessageKind.SignedX400);
            if (string.Equals(smimeType, "enveloped-x400", StringComparison.OrdinalIgnoreCase)) return new(MessageKind.EnvelopedX400);
            return string.IsNullOrEmpty(smimeType) ? new(MessageKind.UnlabelledCms) : Classification.Mime;
        }
        if (contentType.IsMimeType("application", "octet-stream") && IsP7m(contentType.Name))
        {
            return new(MessageKind.UnlabelledCms);
        }
        if (contentType.IsMimeType("application", "x400-content"))
        {
            var parameter = contentType.Parameters["content-type"];
            return X400ContentType.TryParse(parameter?.Trim(), out var x400Type, out var error)
                ? new(MessageKind.X400Content, x400Type)
                : new(MessageKind.X400Content, null, error);
        }
        return Classification.Mime;
    }

    /// <summary>
    /// Octet-stream needs a file name to be taken for CMS: Content-Type's <c>name</c>, or the disposition's
    /// <c>filename</c>, which the caller passes when it has it.
    /// </summary>
    public static Classification Classify(ContentType? contentType, ContentDisposition? disposition)
    {
        var result = Classify(contentType);
        return result.Kind == MessageKind.Mime && contentType is not null && contentType.IsMimeType("application", "octet-stream") && IsP7m(disposition?.FileName)
            ? new(MessageKind.UnlabelledCms)
            : result;
    }

    private static bool IsP7m(string? name) => name is not null && name.Trim().EndsWith(".p7m", StringComparison.OrdinalIgnoreCase);
}
