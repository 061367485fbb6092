namespace Gateway.Tests.Smtp.Tls;

internal sealed record PemPair(string Certificate, string Key);
