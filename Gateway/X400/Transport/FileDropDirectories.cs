namespace Gateway.X400.Transport;

/// <summary>
/// The layout of the X.400 file drop below its root, and the inbound files in it as they stand. The daemon's transport
/// and the admin verbs look into the same directories, so the layout is written down once. Reading it creates nothing:
/// an admin verb must not change a drop it only looks at.
/// </summary>
public sealed class FileDropDirectories(string root)
{
    public const string Extension = ".p1";
    public const string WhyExtension = ".why";

    public string Root { get; } = root;
    public string Out => Path.Combine(Root, "out");
    public string In => Path.Combine(Root, "in");
    public string Failed => Path.Combine(Root, "failed");

    /// <summary>One directory per running instance, holding the inbound files it has claimed.</summary>
    public string Work => Path.Combine(Root, "work");

    /// <summary>Where files are written before they are renamed in; on the same file system as the others.</summary>
    public string Scratch => Path.Combine(Root, "tmp");

    public string WorkOf(string instance) => Path.Combine(Work, instance);

    /// <summary>The reason beside a file in failed/.</summary>
    public string WhyOf(string name) => Path.Combine(Failed, Path.ChangeExtension(name, WhyExtension));

    /// <summary>Waiting files, then each instance's claimed files, then failed ones; by name within each directory.</summary>
    public IEnumerable<InboundFile> InboundFiles()
    {
        foreach (var file in P1Files(In)) yield return new InboundFile(InboundFileState.Waiting, null, file, null);
        if (Directory.Exists(Work))
        {
            foreach (var instance in Directory.EnumerateDirectories(Work).Order(StringComparer.Ordinal))
            {
                foreach (var file in P1Files(instance)) yield return new InboundFile(InboundFileState.Claimed, Path.GetFileName(instance), file, null);
            }
        }
        foreach (var file in P1Files(Failed)) yield return new InboundFile(InboundFileState.Failed, null, file, WhyOf(Path.GetFileName(file)));
    }

    private static IEnumerable<string> P1Files(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal) : [];
}
