using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// Tags of the X.411 (1999) MTAAbstractService and MTSAbstractService modules, both DEFINITIONS IMPLICIT TAGS
/// (checked against Wireshark's epan/dissectors/asn1/p1/*.asn). Under IMPLICIT TAGS a tag on a SEQUENCE or
/// SET replaces its universal tag, while a tag on a CHOICE or an open type is explicit and wraps it.
/// </summary>
internal static class P1Tags
{
    /// <summary>MTS-APDU message [0] Message: implicit, so it replaces the Message SEQUENCE tag (0xA0).</summary>
    public static readonly Asn1Tag Message = Context(0, constructed: true);

    /// <summary>MTS-APDU report [1] Report: implicit, replacing the Report SEQUENCE tag (0xA1).</summary>
    public static readonly Asn1Tag Report = Context(1, constructed: true);

    /// <summary>ORName ::= [APPLICATION 0] SEQUENCE (0x60).</summary>
    public static readonly Asn1Tag OrName = Application(0, constructed: true);

    /// <summary>CountryName ::= [APPLICATION 1] CHOICE: explicit (0x61 wrapping the string).</summary>
    public static readonly Asn1Tag CountryName = Application(1, constructed: true);

    /// <summary>AdministrationDomainName ::= [APPLICATION 2] CHOICE: explicit (0x62).</summary>
    public static readonly Asn1Tag AdministrationDomainName = Application(2, constructed: true);

    public static readonly Asn1Tag GlobalDomainIdentifier = Application(3, constructed: true);
    public static readonly Asn1Tag MtsIdentifier = Application(4, constructed: true);
    public static readonly Asn1Tag EncodedInformationTypes = Application(5, constructed: true);
    public static readonly Asn1Tag BuiltInContentType = Application(6, constructed: false);
    public static readonly Asn1Tag Priority = Application(7, constructed: false);
    public static readonly Asn1Tag PerMessageIndicators = Application(8, constructed: false);
    public static readonly Asn1Tag TraceInformation = Application(9, constructed: true);
    public static readonly Asn1Tag ContentIdentifier = Application(10, constructed: false);

    public static readonly Asn1Tag PrintableString = new(UniversalTagNumber.PrintableString);
    public static readonly Asn1Tag NumericString = new(UniversalTagNumber.NumericString);
    public static readonly Asn1Tag Ia5String = new(UniversalTagNumber.IA5String);
    public static readonly Asn1Tag ObjectIdentifier = new(UniversalTagNumber.ObjectIdentifier);
    public static readonly Asn1Tag RelativeObjectIdentifier = new(UniversalTagNumber.RelativeObjectIdentifier);

    public static Asn1Tag Context(int number, bool constructed) => new(TagClass.ContextSpecific, number, constructed);

    public static Asn1Tag Application(int number, bool constructed) => new(TagClass.Application, number, constructed);
}
