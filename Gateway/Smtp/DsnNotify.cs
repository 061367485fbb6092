namespace Gateway.Smtp;

/// <summary>RFC 3461 NOTIFY for one recipient; <see cref="Unspecified"/> when the client gave none.</summary>
[Flags]
public enum DsnNotify
{
    Unspecified = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}
