namespace Gateway.Configuration;

/// <summary>The <c>Gateway</c> configuration section. Defaults here are the embedded defaults of design.md.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where the gateway keeps its state: the X.400 file drop, temporary files and the audit log.</summary>
    public string DataDirectory { get; set; } = "var";

    public SmtpOptions Smtp { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public X400Options X400 { get; set; } = new();

    public CmsOptions Cms { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public CertificatesOptions Certificates { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public EmailAuthOptions EmailAuth { get; set; } = new();

    /// <summary>The data directory as an absolute path, resolved against the working directory.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The X.400 file drop as an absolute path: Gateway:X400:DropDirectory, else <c>&lt;DataDirectory&gt;/x400</c>.</summary>
    public string X400DropDirectoryFullPath => Path.GetFullPath(X400.DropDirectory ?? Path.Combine(DataDirectory, "x400"));
}
