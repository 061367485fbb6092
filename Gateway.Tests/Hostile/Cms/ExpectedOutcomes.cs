using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// The checked-in answers of a corpus: one line per case, "name TAB expected", in a .tsv beside the corpus in the
/// repository. A case without a line fails with what the gateway said, so that a new case is added with its answer
/// reviewed, never guessed.
/// </summary>
internal sealed class ExpectedOutcomes
{
    private readonly Dictionary<string, string> _byName;

    private ExpectedOutcomes(string path, Dictionary<string, string> byName)
    {
        Path = path;
        _byName = byName;
    }

    public string Path { get; }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public static ExpectedOutcomes Load(params string[] relativePath)
    {
        var path = System.IO.Path.Combine([RepositoryPaths.Root, "Gateway.Tests", "Hostile", .. relativePath]);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            Assert.True(tab > 0, $"{path}: no TAB in \"{line}\"");
            Assert.True(byName.TryAdd(line[..tab], line[(tab + 1)..]), $"{path}: \"{line[..tab]}\" twice");
        }
        return new ExpectedOutcomes(path, byName);
    }

    /// <summary>The expected answer of <paramref name="name"/>; fails, quoting <paramref name="actual"/>, when there is none.</summary>
    public string For(string name, string actual) =>
        _byName.TryGetValue(name, out var expected) ? expected : throw new Xunit.Sdk.XunitException($"{Path} has no line for this case; the gateway said:\n{name}\t{actual}");
}
