namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Files of the repository that the integration tests use as they are (the operator's Postfix
/// snippets, the harness templates), found from the test assembly's location.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Config(params string[] parts) => Path.Combine([Root, "config", .. parts]);

    public static string Integration(params string[] parts) => Path.Combine([Root, "integration", .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CmsX400Gateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CmsX400Gateway.sln above {AppContext.BaseDirectory}.");
    }
}
