using Gateway.X400;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>The names a certificate answers to: rfc822Name and x400Address subjectAltNames, and the legacy emailAddress in the subject.</summary>
public static class CertificateNames
{
    public static IReadOnlyList<string> EmailsOf(X509Certificate certificate)
    {
        var emails = new List<string>();
        if (certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName) is { } san)
        {
            try
            {
                foreach (var name in GeneralNames.GetInstance(Asn1Object.FromByteArray(san.GetOctets())).GetNames())
                {
                    if (name.TagNo == GeneralName.Rfc822Name) emails.Add(DerIA5String.GetInstance(name.Name).GetString());
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
            {
                // A subjectAltName that does not parse names nobody.
            }
        }
        emails.AddRange(certificate.SubjectDN.GetValueList(PkcsObjectIdentifiers.Pkcs9AtEmailAddress));
        return emails;
    }

    public static IReadOnlyList<OrAddress> OrAddressesOf(X509Certificate certificate) =>
        certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName) is { } san && X400AddressNames.TryRead(san.GetOctets(), out var addresses, out _)
            ? addresses
            : [];
}
