namespace Gateway.Configuration;

/// <summary><c>Gateway:Http</c>: the operations endpoint (<c>/healthz</c>, <c>/metrics</c>).</summary>
public sealed class HttpOptions
{
    public string Listen { get; set; } = "127.0.0.1:8025";
}
