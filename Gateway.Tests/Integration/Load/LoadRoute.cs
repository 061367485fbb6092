namespace Gateway.Tests.Integration.Load;

/// <summary>Where a load message goes: to an X.400 recipient, to an SMTP one, or to one of each.</summary>
public enum LoadRoute
{
    X400,
    Smtp,
    Both,
}
