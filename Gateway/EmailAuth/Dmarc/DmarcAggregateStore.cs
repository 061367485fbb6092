using System.Globalization;
using System.Text.Json;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>
/// The observations aggregate reports are made from, kept as one JSON line per message in
/// <c>&lt;DataDirectory&gt;/dmarc/observations-YYYY-MM-DD.jsonl</c> (UTC days): appended as messages are judged, so a restart
/// loses nothing, and read back per day for the reports and the readable page.
/// </summary>
public sealed class DmarcAggregateStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();

    public string Directory => directory;

    public void Record(DmarcObservation observation)
    {
        var line = JsonSerializer.Serialize(observation, Json) + "\n";
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(directory);
            File.AppendAllText(PathFor(DateOnly.FromDateTime(observation.Time.UtcDateTime)), line);
        }
    }

    public IReadOnlyList<DmarcObservation> Day(DateOnly day)
    {
        var path = PathFor(day);
        lock (_gate)
        {
            if (!File.Exists(path)) return [];
            return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<DmarcObservation>(l, Json)!)];
        }
    }

    /// <summary>The days with observations, newest first.</summary>
    public IReadOnlyList<DateOnly> Days() =>
        System.IO.Directory.Exists(directory)
            ? [.. System.IO.Directory.EnumerateFiles(directory, "observations-*.jsonl")
                .Select(f => DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(f)["observations-".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
                .OfType<DateOnly>().OrderDescending()]
            : [];

    private string PathFor(DateOnly day) => Path.Combine(directory, $"observations-{day:yyyy-MM-dd}.jsonl");
}
