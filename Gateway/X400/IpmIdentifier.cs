namespace Gateway.X400;

/// <summary>
/// X.420 IPMIdentifier ::= [APPLICATION 11] SET { user ORName OPTIONAL, user-relative-identifier PrintableString }.
/// The identifier is only unique together with the user, so both are kept.
/// </summary>
public sealed record IpmIdentifier(OrName? User, string Identifier);
