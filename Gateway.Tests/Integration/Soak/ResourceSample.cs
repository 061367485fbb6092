using System.Globalization;

namespace Gateway.Tests.Integration.Soak;

/// <summary>
/// What a process holds at one moment, from /proc: resident memory, open file descriptors (of which sockets), threads and
/// memory mappings (the gateway maps large messages; a mapping never unmapped is a leak too).
/// </summary>
public sealed record ResourceSample(string When, long RssKiB, int Descriptors, int Sockets, int Threads, int Mappings)
{
    public static ResourceSample Take(int processId, string when)
    {
        var proc = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}";
        var status = File.ReadAllLines($"{proc}/status");
        long Field(string name) => long.Parse(
            status.Single(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var descriptors = Directory.GetFileSystemEntries($"{proc}/fd");
        var sockets = descriptors.Count(fd => Target(fd)?.StartsWith("socket:", StringComparison.Ordinal) == true);
        return new ResourceSample(when, Field("VmRSS"), descriptors.Length, sockets, (int)Field("Threads"), File.ReadAllLines($"{proc}/maps").Length);
    }

    public static string Header => "| when | RSS (MiB) | fds | of which sockets | threads | mappings |\n|---|---|---|---|---|---|";

    public string Row => string.Create(CultureInfo.InvariantCulture, $"| {When} | {RssKiB / 1024.0:F1} | {Descriptors} | {Sockets} | {Threads} | {Mappings} |");

    private static string? Target(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed while we looked
        }
    }
}
