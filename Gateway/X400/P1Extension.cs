namespace Gateway.X400;

/// <summary>
/// X.411 ExtensionField ::= SEQUENCE { type ExtensionType, criticality [1] Criticality DEFAULT {}, value [2]
/// ExtensionValue DEFAULT NULL:NULL }, kept whole so that an extension the gateway does not understand is relayed
/// exactly as it came. The value is an open type, so its [2] is explicit and <see cref="Value"/> is the inner element.
/// </summary>
public sealed record P1Extension
{
    private readonly BerValue? _value;

    public P1Extension(P1ExtensionType type, Criticality criticality = Criticality.None, BerValue? value = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Criticality = criticality;
        Value = value;
    }

    public P1ExtensionType Type { get; init; }

    public Criticality Criticality { get; init; }

    /// <summary>
    /// The BER of the value (inside the explicit [2]), or null for the DEFAULT NULL. A NULL given here is that default,
    /// and is stored as null, because DER omits a value equal to its default and the decoder could not tell them apart.
    /// </summary>
    public BerValue? Value
    {
        get => _value;
        init => _value = value is { IsNull: true } ? null : value;
    }

    public static P1Extension Standard(int number, Criticality criticality = Criticality.None, BerValue? value = null) =>
        new(P1ExtensionType.Standard(number), criticality, value);

    public static P1Extension Private(string oid, Criticality criticality = Criticality.None, BerValue? value = null) =>
        new(P1ExtensionType.Private(oid), criticality, value);

    /// <summary>The extension of this type in a SET OF ExtensionField (X.411 allows at most one of each), or null.</summary>
    public static P1Extension? Find(IEnumerable<P1Extension> extensions, P1ExtensionType type)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        return extensions.FirstOrDefault(e => e?.Type == type);
    }

    public override string ToString() =>
        Type + (Criticality == Criticality.None ? "" : $", critical {Criticality}") + (Value is { } v ? $", value {v}" : "");
}
