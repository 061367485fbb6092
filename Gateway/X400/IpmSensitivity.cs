namespace Gateway.X400;

/// <summary>X.420 heading sensitivity ([13] ENUMERATED, OPTIONAL); the values are the X.420 numbers, so 0 is not one.</summary>
public enum IpmSensitivity
{
    Personal = 1,
    Private = 2,
    CompanyConfidential = 3,
}
