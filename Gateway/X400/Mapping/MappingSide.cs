namespace Gateway.X400.Mapping;

/// <summary>Which world the users of a mapped domain live in; it decides where their mail is routed, not how they are named.</summary>
public enum MappingSide
{
    /// <summary>The domain's users are X.400 users: mail to the domain (and its mapped subdomains) goes to X.400.</summary>
    X400,

    /// <summary>The domain's users are Internet users: the entry only gives them a readable O/R address on the X.400 side.</summary>
    Internet,
}
