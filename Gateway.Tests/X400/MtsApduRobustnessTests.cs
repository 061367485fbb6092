using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>The P1 decoder fed random, mutated and hostile input fails only with its typed error.</summary>
public sealed class MtsApduRobustnessTests
{
    private static readonly byte[] Valid = MtsApduCodec.Encode(P1Samples.Message());

    private static bool DecodesOrFailsTyped(byte[] input)
    {
        try
        {
            MtsApduCodec.Decode(input);
            return true;
        }
        catch (X400DecodeException e)
        {
            return e.Message.Length > 0;
        }
    }

    private static readonly byte[] ValidRich = MtsApduCodec.Encode(new P1Message(P1Samples.RichEnvelope(), new byte[] { 1, 2, 3 }));
    private static readonly byte[] ValidReport = MtsApduCodec.Encode(P1Samples.Report());

    private static bool ApduDecodesOrFailsTyped(byte[] input)
    {
        try
        {
            MtsApduCodec.DecodeApdu(input);
            return true;
        }
        catch (X400DecodeException e)
        {
            return e.Message.Length > 0;
        }
    }

    [Property(MaxTest = 500)]
    public bool Random_bytes_fail_only_with_a_typed_error(byte[] input) => DecodesOrFailsTyped(input);

    [Property(MaxTest = 500)]
    public bool Random_bytes_after_a_report_tag_fail_only_with_a_typed_error(byte[] input) =>
        ApduDecodesOrFailsTyped([0xA1, 0x80, .. input]) && ApduDecodesOrFailsTyped(input);

    [Property(MaxTest = 1500)]
    public bool Mutations_of_a_valid_report_or_rich_message_fail_only_with_a_typed_error(PositiveInt position, byte value, bool truncate, bool insert, bool report)
    {
        var bytes = (report ? ValidReport : ValidRich).ToList();
        var at = position.Get % bytes.Count;
        if (truncate) bytes.RemoveRange(at, bytes.Count - at);
        else if (insert) bytes.Insert(at, value);
        else bytes[at] = value;
        return ApduDecodesOrFailsTyped([.. bytes]) && DecodesOrFailsTyped([.. bytes]);
    }

    [Fact]
    public void A_megabyte_of_nested_indefinite_lengths_inside_an_extension_value_fails_without_overflowing_the_stack()
    {
        // report [1] { envelope SET { extensions [1] { ExtensionField { [0] 1, value [2] { [0] { [0] { … } } } } } } }
        var prefix = Convert.FromHexString("A180" + "3180" + "A180" + "3080" + "800101" + "A280");
        var blob = new byte[prefix.Length + (1 << 20)];
        prefix.CopyTo(blob, 0);
        for (var i = prefix.Length; i + 1 < blob.Length; i += 2)
        {
            blob[i] = 0xA0;
            blob[i + 1] = 0x80;
        }

        Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeApdu(blob));
    }

    [Property(MaxTest = 1000)]
    public bool Mutations_of_a_valid_message_fail_only_with_a_typed_error(PositiveInt position, byte value, bool truncate, bool insert)
    {
        var bytes = Valid.ToList();
        var at = position.Get % bytes.Count;
        if (truncate) bytes.RemoveRange(at, bytes.Count - at);
        else if (insert) bytes.Insert(at, value);
        else bytes[at] = value;
        return DecodesOrFailsTyped([.. bytes]);
    }

    [Theory]
    [InlineData(0x30)]
    [InlineData(0xA0)]
    [InlineData(0x31)]
    public void A_megabyte_of_nested_indefinite_length_tags_fails_without_overflowing_the_stack(byte tag)
    {
        var blob = new byte[1 << 20];
        for (var i = 0; i < blob.Length; i += 2)
        {
            blob[i] = tag;
            blob[i + 1] = 0x80;
        }
        Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(blob));
    }

    [Fact]
    public void A_megabyte_of_nested_definite_length_tags_fails_without_overflowing_the_stack()
    {
        // [0] { SET { [APPLICATION 0] { SEQUENCE { SEQUENCE { … } } } } } nested as deep as a megabyte allows.
        const int depth = 200_000;
        var blob = new List<byte>();
        for (var i = 0; i < depth; i++) blob.AddRange([0x30, 0x84, 0, 0, 0, 0]);
        var bytes = blob.ToArray();
        for (var i = depth - 1; i >= 0; i--)
        {
            var length = bytes.Length - (i + 1) * 6;
            bytes[i * 6 + 2] = (byte)(length >> 24);
            bytes[i * 6 + 3] = (byte)(length >> 16);
            bytes[i * 6 + 4] = (byte)(length >> 8);
            bytes[i * 6 + 5] = (byte)length;
        }
        bytes[0] = 0xA0;
        Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(bytes));
    }
}
