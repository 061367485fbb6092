using System.IO.Pipelines;

namespace Gateway.Tests.Smtp.Tls;

internal sealed record PipePair(PipeReader Input, PipeWriter Output) : IDuplexPipe;
