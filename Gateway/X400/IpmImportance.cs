namespace Gateway.X400;

/// <summary>X.420 heading importance ([12] ENUMERATED), DEFAULT normal; the values are the X.420 numbers.</summary>
public enum IpmImportance
{
    Low = 0,
    Normal = 1,
    High = 2,
}
