using Gateway.Fuzz;

namespace Gateway.Tests.Hostile.Fuzz;

/// <summary>
/// The fuzzer's findings, each saved under Hostile/Fuzz/TARGET/ once the gateway was fixed, replayed in-process through the
/// very target code that afl-fuzz ran (Gateway.Fuzz): each must now give exactly the refusal written here. The seeds
/// (Gateway.Fuzz/Seeds) are replayed too, so a target that breaks on its own starting inputs fails here before it
/// fails under afl-fuzz.
/// </summary>
public sealed class FuzzFindingsTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Hostile", "Fuzz");

    public static TheoryData<string, string> Seeds()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Root, "Seeds", target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_seed_runs_through_its_target(string target, string file)
    {
        var outcome = FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Root, "Seeds", target, file)));
        Assert.NotEmpty(outcome);
    }

    [Fact]
    public void Every_target_has_seeds()
    {
        Assert.All(FuzzTargets.Names, target => Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "Seeds", target))));
    }
}
