namespace Gateway.Smtp.Client;

public enum NextHopOutcome
{
    Accepted,
    TransientFailure,
    PermanentFailure,
}
