namespace Gateway.X400;

/// <summary>X.411 RoutingAction of a trace entry.</summary>
public enum RoutingAction
{
    Relayed = 0,
    Rerouted = 1,
}
