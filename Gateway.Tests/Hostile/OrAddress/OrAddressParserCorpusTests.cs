using Gateway.Tests.Hostile.Cms;

namespace Gateway.Tests.Hostile.OrAddress;

/// <summary>
/// What the parser makes of each string the SMTP side cannot deliver to it: the address in std-or-address form, or the
/// exact error. A parse that throws, or that accepts what it cannot print back the same way, fails.
/// </summary>
public sealed class OrAddressParserCorpusTests
{
    private static readonly ExpectedOutcomes Expected = ExpectedOutcomes.Load("OrAddress", "parser-outcomes.tsv");

    public static TheoryData<string> Names => new(OrAddressParserCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_hostile_string_is_parsed_or_refused_exactly(string name)
    {
        var text = OrAddressParserCorpus.Cases[name];

        var outcome = global::Gateway.X400.OrAddress.TryParse(text, out var address, out var error)
            ? $"address {address}"
            : $"error {error}";

        Assert.Equal(Expected.For(name, outcome), outcome);
        if (address is not null) Assert.Equal(address, global::Gateway.X400.OrAddress.Parse(address.ToString()));
    }

    [Fact]
    public void Every_expected_outcome_belongs_to_a_case() =>
        Assert.Empty(Expected.Names.Except(OrAddressParserCorpus.Cases.Keys));
}
