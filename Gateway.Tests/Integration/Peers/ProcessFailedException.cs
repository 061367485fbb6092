namespace Gateway.Tests.Integration.Peers;

/// <summary>An external command a fixture relies on exited non-zero; the message carries the whole story.</summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException(ProcessResult result)
        : base(result.ToString())
    {
        Result = result;
    }

    public ProcessResult Result { get; }
}
