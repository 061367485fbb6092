namespace Gateway.X400;

/// <summary>X.411 PerMessageIndicators ([APPLICATION 8] BIT STRING); each member's bit number is the ASN.1 named bit.</summary>
[Flags]
public enum PerMessageIndicators
{
    None = 0,
    DisclosureOfOtherRecipients = 1 << 0,
    ImplicitConversionProhibited = 1 << 1,
    AlternateRecipientAllowed = 1 << 2,
    ContentReturnRequest = 1 << 3,

    /// <summary>Bit 4, reserved by MOTIS 1986.</summary>
    Reserved4 = 1 << 4,

    /// <summary>Bits 5 and 6 together give the notification type (1: bit 6 only, 2: bit 5 only, 3: both).</summary>
    NotificationTypeBit5 = 1 << 5,
    NotificationTypeBit6 = 1 << 6,
    ServiceMessage = 1 << 7,
}
