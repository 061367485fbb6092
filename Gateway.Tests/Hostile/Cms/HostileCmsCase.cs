namespace Gateway.Tests.Hostile.Cms;

/// <summary>One hostile CMS object and the smime-type it is sent under.</summary>
internal sealed record HostileCmsCase(string Name, string SmimeType, byte[] Body);
