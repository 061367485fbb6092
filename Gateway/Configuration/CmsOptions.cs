namespace Gateway.Configuration;

/// <summary><c>Gateway:Cms</c>: how CMS content is judged.</summary>
public sealed class CmsOptions
{
    /// <summary>
    /// When an smime-type label does not match the CMS structure (signed-x400 on an EnvelopedData), refuse the message
    /// with 554 5.6.0 instead of correcting the label and recording the correction in the audit log.
    /// </summary>
    public bool StrictLabels { get; set; }
}
