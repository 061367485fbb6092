namespace Gateway.EmailAuth.Spf;

/// <summary>RFC 7208 §2.6 results.</summary>
public enum SpfResult
{
    None,
    Neutral,
    Pass,
    Fail,
    SoftFail,
    TempError,
    PermError,
}
