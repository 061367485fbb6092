namespace Gateway.Fuzz;

/// <summary>A parser accepted an input but what it made of it breaks a property that must hold: a finding, like a crash.</summary>
public sealed class InvariantViolationException : Exception
{
    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
