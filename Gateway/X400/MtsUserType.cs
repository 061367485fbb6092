namespace Gateway.X400;

/// <summary>X.411 TypeOfMTSUser ::= INTEGER (0..ub-mts-user-types); numbers X.411 does not name are kept as they came.</summary>
public enum MtsUserType
{
    Public = 0,
    Private = 1,

    /// <summary>ms(2): a message store.</summary>
    MessageStore = 2,

    /// <summary>dl(3): a distribution list.</summary>
    DistributionList = 3,

    /// <summary>pdau(4): a physical delivery access unit.</summary>
    Pdau = 4,
    PhysicalRecipient = 5,
    Other = 6,
}
