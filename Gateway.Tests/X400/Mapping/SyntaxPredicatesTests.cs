using System.Globalization;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Tests.X400.Mapping;

/// <summary>
/// The span-based syntax checks answer as the plain definitions do (written out here as the oracle) for every string
/// of a generated corpus heavy in dots, hyphens, digits, leading zeros and characters just outside each set.
/// </summary>
public sealed class SyntaxPredicatesTests
{
    private const string Atext = "!#$%&'*+-/=?^_`{|}~";

    private static bool DottedOid(string text)
    {
        var arcs = text.Split('.');
        if (arcs.Length < 2) return false;
        if (arcs.Any(arc => arc.Length == 0 || !arc.All(char.IsAsciiDigit) || (arc.Length > 1 && arc[0] == '0'))) return false;
        if (arcs[0].Length > 1 || arcs[0][0] > '2') return false;
        return arcs[0] == "2" || (arcs[1].Length <= 2 && int.Parse(arcs[1], CultureInfo.InvariantCulture) < 40);
    }

    private static bool Label(string label) =>
        label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool Domain(string name) => name.Length is > 0 and <= DomainName.MaxLength && name.Split('.').All(Label);

    private static bool DotAtom(string s) =>
        s.Length > 0 && s.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || Atext.Contains(c)));

    private static IEnumerable<string> Corpus()
    {
        const string alphabet = "0123.-9a.Z.-0.1.2.39.40.!~ ._\u00e9:[";
        var random = new Random(3854);
        yield return "";
        yield return new string('a', 64);
        yield return string.Join('.', Enumerable.Repeat(new string('b', 63), 4));
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(1, 12);
            yield return new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        }
    }

    [Fact]
    public void Dotted_OIDs_domain_names_and_dot_atoms_are_recognised_as_their_definitions_say()
    {
        var checkedAccepted = 0;
        foreach (var text in Corpus())
        {
            Assert.True(DottedOid(text) == X400ContentType.IsDottedOid(text), $"IsDottedOid(\"{text}\")");
            Assert.True(Domain(text) == DomainName.IsValid(text), $"DomainName.IsValid(\"{text}\")");
            Assert.True(DotAtom(text) == Rfc822Mailbox.IsDotAtom(text), $"IsDotAtom(\"{text}\")");
            if (DottedOid(text) || Domain(text) || DotAtom(text)) checkedAccepted++;
        }
        Assert.True(checkedAccepted > 1_000, $"only {checkedAccepted} accepted strings in the corpus");
    }
}
