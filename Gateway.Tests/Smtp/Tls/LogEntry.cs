using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Smtp.Tls;

internal sealed record LogEntry(LogLevel Level, int EventId, string Message);
