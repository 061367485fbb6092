namespace Gateway.X400;

/// <summary>
/// X.411 MTS-APDU ::= CHOICE { message [0] Message, report [1] Report, probe [2] Probe }: what one MTA hands another,
/// and what one file in the X.400 file drop holds. Probes are not modelled.
/// </summary>
public abstract record MtsApdu;
