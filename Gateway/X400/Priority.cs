namespace Gateway.X400;

/// <summary>X.411 Priority ([APPLICATION 7] ENUMERATED), DEFAULT normal.</summary>
public enum Priority
{
    Normal = 0,
    NonUrgent = 1,
    Urgent = 2,
}
