namespace Gateway.Cms.Verification;

/// <summary>The signature schemes the verifier implements.</summary>
internal enum SignatureFamily
{
    RsaPkcs1,
    RsaPss,
    Dsa,
    Ecdsa,
}
