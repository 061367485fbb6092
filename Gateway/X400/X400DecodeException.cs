namespace Gateway.X400;

/// <summary>A P1 encoding could not be decoded; the message names the element, the byte offset and the problem.</summary>
public sealed class X400DecodeException : Exception
{
    public X400DecodeException()
    {
    }

    public X400DecodeException(string message)
        : base(message)
    {
    }

    public X400DecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
