namespace Gateway.X400;

/// <summary>X.411 PerRecipientIndicators ([1] BIT STRING SIZE (8..ub-bit-options)); each member's bit number is the ASN.1 named bit.</summary>
[Flags]
public enum PerRecipientIndicators
{
    None = 0,

    /// <summary>This MTA is responsible for delivering to the recipient.</summary>
    Responsibility = 1 << 0,
    OriginatingMtaReport = 1 << 1,
    OriginatingMtaNonDeliveryReport = 1 << 2,
    OriginatorReport = 1 << 3,
    OriginatorNonDeliveryReport = 1 << 4,
}
