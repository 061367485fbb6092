namespace Gateway.Mime;

/// <summary>The names of <see cref="MessageKind"/> used on the wire, in logs and in the audit log.</summary>
public static class MessageKindNames
{
    public static string ToName(this MessageKind kind) => kind switch
    {
        MessageKind.SignedX400 => "signed-x400",
        MessageKind.EnvelopedX400 => "enveloped-x400",
        MessageKind.X400Content => "x400-content",
        _ => "mime",
    };

    /// <summary>True for the kinds that are X.400 content, protected or not.</summary>
    public static bool IsX400Form(this MessageKind kind) => kind != MessageKind.Mime;

    /// <summary>True for the kinds whose body is a CMS object.</summary>
    public static bool IsCms(this MessageKind kind) => kind is MessageKind.SignedX400 or MessageKind.EnvelopedX400 or MessageKind.UnlabelledCms;
}
