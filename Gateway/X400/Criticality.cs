namespace Gateway.X400;

/// <summary>
/// X.411 Criticality ([1] BIT STRING SIZE (0..ub-bit-options)) of an extension: for each stage whose bit is set, an
/// MTS that does not implement the extension must refuse the message rather than ignore it. Each member's bit number is
/// the ASN.1 named bit; bits X.411 does not name are kept as they came.
/// </summary>
[Flags]
public enum Criticality
{
    /// <summary>Non-critical at every stage: the DEFAULT {}.</summary>
    None = 0,
    ForSubmission = 1 << 0,
    ForTransfer = 1 << 1,
    ForDelivery = 1 << 2,
}
