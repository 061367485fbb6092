namespace Gateway.Cms;

/// <summary>One recipient of an EnvelopedData or AuthEnvelopedData (RFC 5652 §6.2).</summary>
/// <param name="Kind">The RecipientInfo choice: <c>ktri</c>, <c>kari</c>, <c>kekri</c>, <c>pwri</c> or <c>ori</c>.</param>
/// <param name="Identifier">
/// <c>issuer=&lt;RFC 4514 DN&gt; serial=&lt;hex&gt;</c> or <c>ski=&lt;hex&gt;</c> for ktri and kari (one entry per
/// RecipientEncryptedKey), <c>kek=&lt;hex&gt;</c> for kekri, <c>ori=&lt;OID&gt;</c> for ori, null for pwri (a
/// password names nobody).
/// </param>
/// <param name="KeyEncryptionAlgorithm">Null only for ori, whose value is opaque.</param>
public sealed record CmsRecipient(string Kind, string? Identifier, CmsAlgorithm? KeyEncryptionAlgorithm);
