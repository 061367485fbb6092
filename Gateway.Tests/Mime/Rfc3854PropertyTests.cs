using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Mime;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Mime;

/// <summary>Properties of the MIME layer: the wrapper is lossless, and classification ignores how a header is spelled.</summary>
public sealed class Rfc3854PropertyTests
{
    private static async Task<byte[]?> RoundTripAsync(MessageKind kind, byte[] content, X400ContentType? type = null)
    {
        var message = new MimeMessage { Body = Rfc3854Wrapper.Wrap(kind, content, type) };
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var wire = new MemoryStream();
        await message.WriteToAsync(format, wire);
        wire.Position = 0;
        var parsed = await MimeMessage.LoadAsync(wire);
        var classification = Rfc3854Classifier.Classify(parsed.Body!.ContentType);
        Assert.Equal(kind, classification.Kind);
        return (await Rfc3854Unwrapper.UnwrapAsync(parsed.Body, long.MaxValue, CancellationToken.None)).Content.ToArray();
    }

    [Property(MaxTest = 300)]
    public bool Wrap_then_unwrap_is_the_identity(NonEmptyArray<byte> content, bool signed)
    {
        var bytes = content.Get;
        return RoundTripAsync(signed ? MessageKind.SignedX400 : MessageKind.EnvelopedX400, bytes).GetAwaiter().GetResult()!.SequenceEqual(bytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(58)]
    [InlineData(4095)]
    [InlineData(1 << 20)]
    [InlineData(3 * (1 << 20) + 1)]
    public async Task Wrap_then_unwrap_is_the_identity_at_awkward_and_large_sizes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        Assert.Equal(bytes, await RoundTripAsync(MessageKind.X400Content, bytes, X400ContentType.FromBuiltIn(22)));
    }

    public static Arbitrary<string> SmimeTypeHeaders() =>
        (from signed in ArbMap.Default.GeneratorFor<bool>()
         from x in ArbMap.Default.GeneratorFor<bool>()
         from quoteValue in ArbMap.Default.GeneratorFor<bool>()
         from fold in ArbMap.Default.GeneratorFor<bool>()
         from nameFirst in ArbMap.Default.GeneratorFor<bool>()
         from caseSeed in ArbMap.Default.GeneratorFor<int>()
         select Header(signed, x, quoteValue, fold, nameFirst, caseSeed)).ToArbitrary();

    private static string Header(bool signed, bool x, bool quoteValue, bool fold, bool nameFirst, int caseSeed)
    {
        var random = new Random(caseSeed);
        string Case(string s) => string.Concat(s.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
        var value = Case(signed ? "signed-x400" : "enveloped-x400");
        var smime = $"{Case("smime-type")}={(quoteValue ? $"\"{value}\"" : value)}";
        var name = $"{Case("name")}=smime.p7m";
        var separator = fold ? ";\r\n\t" : "; ";
        return $"{Case(x ? "application/x-pkcs7-mime" : "application/pkcs7-mime")}{separator}{(nameFirst ? name : smime)}{separator}{(nameFirst ? smime : name)}"
            + $"\u0001{(signed ? "S" : "E")}";
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Rfc3854PropertyTests)])]
    public bool Classification_ignores_case_quoting_folding_and_parameter_order(string generated)
    {
        var marker = generated.LastIndexOf('\u0001');
        var header = generated[..marker];
        var expected = generated[^1] == 'S' ? MessageKind.SignedX400 : MessageKind.EnvelopedX400;
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"Content-Type: {header}\r\n\r\nAAAA\r\n")));
        return Rfc3854Classifier.Classify(message.Body!.ContentType).Kind == expected;
    }
}
