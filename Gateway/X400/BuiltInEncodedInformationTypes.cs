namespace Gateway.X400;

/// <summary>X.411 BuiltInEncodedInformationTypes; each member's bit number is the ASN.1 named bit.</summary>
[Flags]
public enum BuiltInEncodedInformationTypes
{
    None = 0,
    Undefined = 1 << 0,
    Telex = 1 << 1,
    Ia5Text = 1 << 2,
    G3Facsimile = 1 << 3,
    G4Class1 = 1 << 4,
    Teletex = 1 << 5,
    Videotex = 1 << 6,
    Voice = 1 << 7,
    SfD = 1 << 8,
    MixedMode = 1 << 9,
}
