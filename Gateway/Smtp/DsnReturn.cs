namespace Gateway.Smtp;

/// <summary>RFC 3461 RET: what a non-delivery report should carry back.</summary>
public enum DsnReturn
{
    Unspecified,
    Full,
    Headers,
}
