namespace Gateway.X400;

/// <summary>X.411 NonDeliveryReasonCode ::= INTEGER (0..ub-reason-codes), with the 1999 named values.</summary>
public enum NonDeliveryReasonCode
{
    TransferFailure = 0,
    UnableToTransfer = 1,
    ConversionNotPerformed = 2,
    PhysicalRenditionNotPerformed = 3,
    PhysicalDeliveryNotPerformed = 4,
    RestrictedDelivery = 5,
    DirectoryOperationUnsuccessful = 6,
    DeferredDeliveryNotPerformed = 7,
    TransferFailureForSecurityReason = 8,
}
