using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Cms;

namespace Gateway.Tests.Cms;

/// <summary>Arbitrary bytes and arbitrary BER: the inspector only ever answers, with a typed result, and never throws.</summary>
public sealed class CmsInspectorPropertyTests
{
    // ContentInfo { id-signedData, [0] … } and { id-envelopedData, [0] … } headers with indefinite lengths, so that
    // whatever follows is read by the layer readers rather than refused at the first octet.
    private static readonly byte[] SignedDataPrefix = [0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x80];
    private static readonly byte[] EnvelopedDataPrefix = [0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03, 0xA0, 0x80];
    private static readonly byte[] EndOfContents = [0x00, 0x00, 0x00, 0x00];

    [Property(MaxTest = 2000)]
    public bool Random_bytes_give_a_typed_result(byte[] bytes) =>
        InspectionInvariants.Hold(CmsInspector.Inspect(bytes));

    [Property(MaxTest = 2000)]
    public bool Random_bytes_inside_a_SignedData_ContentInfo_give_a_typed_result(byte[] body, bool enveloped) =>
        InspectionInvariants.Hold(CmsInspector.Inspect((byte[])[.. enveloped ? EnvelopedDataPrefix : SignedDataPrefix, .. body, .. EndOfContents]));

    [Fact]
    public void Random_BER_trees_inside_a_ContentInfo_give_a_typed_result()
    {
        var trees = Gen.Sized(size => BerTrees.Element(Math.Min(size, 24))).ToArbitrary();
        var property = Prop.ForAll(trees, Arb.From(Gen.Elements(SignedDataPrefix, EnvelopedDataPrefix)), (tree, prefix) =>
            InspectionInvariants.Hold(CmsInspector.Inspect((byte[])[.. prefix, .. tree, .. EndOfContents]))
            && InspectionInvariants.Hold(CmsInspector.Inspect(tree)));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    [Fact]
    public void Random_CMS_from_the_grammar_give_a_typed_result()
    {
        var property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
            InspectionInvariants.Hold(CmsInspector.Inspect(new CmsGrammar(seed).ContentInfo())).Label($"CmsGrammar seed {seed}"));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
    }

    [Fact]
    public void The_grammar_reaches_nested_and_data_labelled_layers()
    {
        // Guards the property above against a generator that only ever produces shallow failures.
        var inspections = Enumerable.Range(0, 3000).Select(seed => CmsInspector.Inspect(new CmsGrammar(seed).ContentInfo())).ToList();

        Assert.Contains(inspections, i => i.IsValid && i.Layers.Count >= 2);
        Assert.Contains(inspections, i => i.IsValid && i.LayerDetails.Any(l => l.LabelledAsData));
        Assert.Contains(inspections, i => i.IsValid && i.LayerDetails.Any(l => l.Recipients.Any(r => r.Kind == "kari")));
        Assert.Contains(inspections, i => i.ErrorKind == CmsErrorKind.Truncated);
        Assert.Contains(inspections, i => i.ErrorKind == CmsErrorKind.Malformed && i.Layers.Count >= 2);
    }
}
