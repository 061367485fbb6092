namespace Gateway.X400;

/// <summary>
/// X.420 ORDescriptor ::= SET { formal-name ORName OPTIONAL, free-form-name [0] TeletexString OPTIONAL,
/// telephone-number [1] PrintableString OPTIONAL }. All three may be absent in what arrives, because the reader
/// is tolerant; a descriptor without a formal name cannot be routed to, which is for the caller to decide.
/// </summary>
public sealed record OrDescriptor(OrName? FormalName, string? FreeFormName = null, string? TelephoneNumber = null);
