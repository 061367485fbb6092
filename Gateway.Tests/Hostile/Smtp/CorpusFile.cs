using System.Globalization;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Hostile.Smtp;

/// <summary>
/// Reads a corpus file (format in Gateway.Tests/Hostile/README.md): cases start with "== name", then "key: value" lines;
/// "message:" takes the following lines up to a line holding only "." as the message data.
/// </summary>
public static class CorpusFile
{
    public const string DefaultRecipient = "bob@elsewhere.example";

    /// <summary>
    /// Every case of every *.corpus file under Gateway.Tests/Hostile/<paramref name="family"/> of the source tree (read
    /// there, not copied to the build output, so that an edited case needs no rebuild), by "file: name".
    /// </summary>
    public static Dictionary<string, CorpusCase> LoadFamily(string family)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "Gateway.Tests", "Hostile", family);
        return Directory.GetFiles(directory, "*.corpus").Order(StringComparer.Ordinal)
            .SelectMany(path => Parse(Path.GetFileName(path), File.ReadAllLines(path, System.Text.Encoding.Latin1)))
            .ToDictionary(c => c.ToString(), StringComparer.Ordinal);
    }

    /// <summary>The cases' names, for a Theory's data.</summary>
    public static TheoryData<string> Names(IEnumerable<CorpusCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases) data.Add(c.ToString());
        return data;
    }

    public static IReadOnlyList<CorpusCase> Parse(string file, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var cases = new List<CorpusCase>();
        Builder? current = null;
        for (var n = 0; n < lines.Count; n++)
        {
            var line = lines[n];
            string Where() => string.Create(CultureInfo.InvariantCulture, $"{file} line {n + 1}");
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (current is not null) cases.Add(current.Build(file));
                current = new Builder(line[3..].Trim());
                if (cases.Any(c => c.Name == current.Name)) throw new FormatException($"{Where()}: a second case named '{current.Name}'");
                continue;
            }
            if (current is null) throw new FormatException($"{Where()}: a line before the first '== name'");
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? line.TrimEnd(':') : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 2)..];
            switch (key)
            {
                case "start":
                    current.Start = Enum.Parse<CorpusStart>(value, ignoreCase: true);
                    break;
                case "rcpt":
                    current.Recipient = value;
                    break;
                case "send":
                    current.Send += CorpusText.Decode(value);
                    break;
                case "message":
                    var body = new List<string>();
                    for (n++; n < lines.Count && lines[n] != "."; n++) body.Add(CorpusText.Decode(lines[n]));
                    if (n == lines.Count) throw new FormatException($"{Where()}: a message without its closing '.' line");
                    current.Start ??= CorpusStart.Data;
                    current.Send += string.Concat(body.Select(l => (l.StartsWith('.') ? "." + l : l) + "\r\n")) + ".\r\n";
                    break;
                case "reply":
                    current.Replies.Add(CorpusText.Decode(value));
                    break;
                case "replies":
                    // "replies: N text": N replies of the same text, for a burst of pipelined commands.
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    var times = int.Parse(value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
                    current.Replies.AddRange(Enumerable.Repeat(CorpusText.Decode(value[(space + 1)..]), times));
                    break;
                case "then":
                    current.After = Enum.Parse<CorpusAfter>(value, ignoreCase: true);
                    break;
                case "delivered":
                    current.Delivered = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new FormatException($"{Where()}: unknown key '{key}'");
            }
        }
        if (current is not null) cases.Add(current.Build(file));
        return cases;
    }

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;
        public CorpusStart? Start { get; set; }
        public string Recipient { get; set; } = DefaultRecipient;
        public string Send { get; set; } = "";
        public List<string> Replies { get; } = [];
        public CorpusAfter After { get; set; } = CorpusAfter.Same;
        public int? Delivered { get; set; }

        public CorpusCase Build(string file)
        {
            if (Replies.Count == 0 && After != CorpusAfter.Hangup) throw new FormatException($"{file}: case '{Name}' expects no reply");
            if (Send.Length == 0) throw new FormatException($"{file}: case '{Name}' sends nothing");
            return new CorpusCase(file, Name, Start ?? CorpusStart.Ehlo, Recipient, Send, Replies, After) { Delivered = Delivered };
        }
    }
}
