using System.Formats.Asn1;
using static Gateway.X400.P1FieldEncoder;

namespace Gateway.X400;

/// <summary>DER encoder for the MTS-APDU message alternative. Invalid values raise <see cref="ArgumentException"/> naming the field.</summary>
internal static class P1Encoder
{
    public static byte[] Encode(P1Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Envelope, nameof(message) + "." + nameof(message.Envelope));
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(P1Tags.Message))
        {
            WriteEnvelope(w, message.Envelope);
            w.WriteOctetString(message.Content.Span);
        }
        return w.Encode();
    }

    /// <summary>
    /// The encoding of a message up to its content: followed by the <paramref name="contentLength"/> content octets it is
    /// exactly <see cref="Encode(P1Message)"/>. A large content can then go to the file from where it is, not copied into
    /// the encoder and out again.
    /// </summary>
    public static byte[] EncodeHead(P1Envelope envelope, int contentLength)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        var encodedEnvelope = PooledAsnWriters.Encode(AsnEncodingRules.DER, w => WriteEnvelope(w, envelope));
        var outerTag = MessageTag;
        var contentHeader = (byte[])[0x04, .. DerLength(contentLength)];
        var outerLength = DerLength((long)encodedEnvelope.Length + contentHeader.Length + contentLength);
        var head = new byte[outerTag.Length + outerLength.Length + encodedEnvelope.Length + contentHeader.Length];
        var at = 0;
        foreach (var part in (ReadOnlySpan<byte[]>)[outerTag, outerLength, encodedEnvelope, contentHeader])
        {
            part.CopyTo(head, at);
            at += part.Length;
        }
        return head;
    }

    private static readonly byte[] MessageTag = EncodeMessageTag();

    private static byte[] EncodeMessageTag()
    {
        var tagOnly = new AsnWriter(AsnEncodingRules.DER);
        using (tagOnly.PushSequence(P1Tags.Message))
        {
        }
        return tagOnly.Encode()[..^1]; // an empty SEQUENCE: its tag, then the length 0
    }

    private static byte[] DerLength(long length)
    {
        if (length < 0x80) return [(byte)length];
        var count = (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)length) + 7) / 8;
        var octets = new byte[1 + count];
        octets[0] = (byte)(0x80 | count);
        for (var i = count; i > 0; i--, length >>= 8) octets[i] = (byte)length;
        return octets;
    }

    public static byte[] EncodeOrName(OrName name) => DerSet.Member(w => OrNameCodec.Write(w, name, "ORName"));

    private static void WriteEnvelope(AsnWriter w, P1Envelope e)
    {
        ArgumentNullException.ThrowIfNull(e.MessageIdentifier, "envelope.MessageIdentifier");
        ArgumentNullException.ThrowIfNull(e.ContentType, "envelope.ContentType");
        var members = new List<byte[]>
        {
            DerSet.Member(x => WriteMtsIdentifier(x, e.MessageIdentifier, "message-identifier")),
            DerSet.Member(x => OrNameCodec.Write(x, e.Originator, "originator-name")),
            DerSet.Member(x => WriteContentType(x, e.ContentType)),
            DerSet.Member(x => WriteTrace(x, e.Trace, "envelope", "trace-information")),
            DerSet.Member(x => WriteRecipients(x, e.Recipients)),
        };
        if (e.OriginalEncodedInformationTypes is { } eits)
        {
            members.Add(DerSet.Member(x => WriteEncodedInformationTypes(x, eits, "original-encoded-information-types")));
        }
        if (e.ContentIdentifier is { } contentId) members.Add(ContentIdentifier(contentId, "content-identifier"));
        // DER omits a value equal to its DEFAULT (X.690 11.5): priority DEFAULT normal, per-message-indicators DEFAULT {}.
        if (e.Priority != Priority.Normal)
        {
            if (!Enum.IsDefined(e.Priority)) throw new ArgumentException($"envelope: priority {(int)e.Priority} is not normal(0), non-urgent(1) or urgent(2)");
            members.Add(DerSet.Member(x => DerScalars.WriteEnumerated(x, (int)e.Priority, P1Tags.Priority)));
        }
        if (e.PerMessageIndicators != PerMessageIndicators.None)
        {
            members.Add(DerSet.Member(x => DerScalars.WriteNamedBits(x, (int)e.PerMessageIndicators, P1Tags.PerMessageIndicators)));
        }
        if (e.DeferredDeliveryTime is { } deferred)
        {
            var utc = UtcTime(deferred, "envelope: deferred-delivery-time");
            members.Add(DerSet.Member(x => x.WriteUtcTime(utc, P1Tags.Context(0, constructed: false))));
        }
        if (e.PerDomainBilateralInformation.Count > 0)
        {
            foreach (var info in e.PerDomainBilateralInformation)
            {
                if (info is null || info.Tag != Asn1Tag.Sequence)
                {
                    throw new ArgumentException($"envelope: per-domain-bilateral-information entry {(info is null ? "is null" : $"is {BerCursor.Describe(info.Tag)}")}; each is a PerDomainBilateralInformation SEQUENCE");
                }
            }
            members.Add(Wrap(P1Tags.Context(1, constructed: true), e.PerDomainBilateralInformation));
        }
        if (e.Extensions.Count > 0) members.Add(DerSet.Member(x => WriteExtensions(x, e.Extensions, P1Tags.Context(3, constructed: true), "envelope extensions")));
        DerSet.Write(w, Asn1Tag.SetOf, members);
    }

    private static void WriteRecipients(AsnWriter w, IReadOnlyList<P1Recipient> recipients)
    {
        if (recipients is null || recipients.Count == 0) throw new ArgumentException("envelope: per-recipient-fields needs at least one recipient");
        for (var i = 0; i < recipients.Count; i++)
        {
            if (recipients[i] is null) throw new ArgumentException($"envelope: recipient {i + 1} is null");
        }
        CheckRecipientNumbers(recipients.Select(r => r.OriginallySpecifiedRecipientNumber), "recipient");
        using (w.PushSequence(P1Tags.Context(2, constructed: true)))
        {
            for (var i = 0; i < recipients.Count; i++)
            {
                var r = recipients[i];
                var context = $"recipient {i + 1}";
                var members = new List<byte[]>
                {
                    DerSet.Member(x => OrNameCodec.Write(x, r.Name, context)),
                    DerSet.Member(x => x.WriteInteger(r.OriginallySpecifiedRecipientNumber, P1Tags.Context(0, constructed: false))),
                    DerSet.Member(x => DerScalars.WriteNamedBits(x, (int)r.Indicators, P1Tags.Context(1, constructed: false), minimumBits: 8)),
                };
                if (r.ExplicitConversion is { } conversion)
                {
                    if (conversion is < 0 or > X411.UbIntegerOptions)
                    {
                        throw new ArgumentException($"{context}: explicit-conversion {conversion} is outside 0..{X411.UbIntegerOptions}");
                    }
                    members.Add(DerSet.Member(x => x.WriteInteger(conversion, P1Tags.Context(2, constructed: false))));
                }
                if (r.Extensions.Count > 0)
                {
                    members.Add(DerSet.Member(x => WriteExtensions(x, r.Extensions, P1Tags.Context(3, constructed: true), $"{context} extensions")));
                }
                DerSet.Write(w, Asn1Tag.SetOf, members);
            }
        }
    }
}
