namespace Gateway.Cms;

/// <summary>How a layer was encoded where the gateway found it.</summary>
public enum CmsLayerEncoding
{
    /// <summary>Inside a ContentInfo: always so for the outermost layer; tolerated inside eContent.</summary>
    ContentInfo,

    /// <summary>The bare SignedData/EnvelopedData as eContent, as RFC 3854 §3.4 asks.</summary>
    Bare,
}
