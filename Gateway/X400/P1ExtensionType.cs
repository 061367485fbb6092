using System.Globalization;

namespace Gateway.X400;

/// <summary>
/// X.411 ExtensionType ::= CHOICE { standard-extension [0] INTEGER (0..ub-extension-types), private-extension [3] OBJECT
/// IDENTIFIER }: exactly one of <see cref="StandardNumber"/> and <see cref="PrivateOid"/> is set.
/// </summary>
public sealed record P1ExtensionType
{
    private P1ExtensionType(int? standardNumber, string? privateOid) => (StandardNumber, PrivateOid) = (standardNumber, privateOid);

    /// <summary>The standard-extension number (e.g. 23 content-correlator), or null for a private extension.</summary>
    public int? StandardNumber { get; }

    /// <summary>The dotted OID of a private extension, or null for a standard one.</summary>
    public string? PrivateOid { get; }

    public static P1ExtensionType Standard(int number) =>
        number is >= 0 and <= X411.UbExtensionTypes
            ? new(number, null)
            : throw new ArgumentOutOfRangeException(nameof(number), number, $"A standard-extension is an INTEGER in 0..{X411.UbExtensionTypes} (ub-extension-types).");

    public static P1ExtensionType Private(string oid) =>
        oid is not null && X400ContentType.IsDottedOid(oid)
            ? new(null, oid)
            : throw new ArgumentException($"'{oid}' is not a dotted object identifier.", nameof(oid));

    /// <summary><c>standard-extension 23 (content-correlator)</c> or <c>private-extension 1.2.3</c>.</summary>
    public override string ToString() => StandardNumber is { } n
        ? string.Create(CultureInfo.InvariantCulture, $"standard-extension {n}") + (StandardExtensions.Name(n) is { } name ? $" ({name})" : "")
        : $"private-extension {PrivateOid}";
}
