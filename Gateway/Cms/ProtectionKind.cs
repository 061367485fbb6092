namespace Gateway.Cms;

/// <summary>
/// What a CMS object protects its content with, judged by its innermost protection layer (RFC 3854 §3.4.1):
/// the smime-type it deserves is <c>signed-x400</c> or <c>enveloped-x400</c>.
/// </summary>
public enum ProtectionKind
{
    /// <summary>The innermost protection is a signature: <c>signed-x400</c>.</summary>
    Signed,

    /// <summary>The innermost protection is encryption: <c>enveloped-x400</c>.</summary>
    Enveloped,
}
