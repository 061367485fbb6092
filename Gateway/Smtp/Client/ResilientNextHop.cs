using Microsoft.Extensions.Logging;
using MimeKit;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Gateway.Smtp.Client;

/// <summary>
/// The next hop as the X.400 inbound direction uses it (Polly): a few quick retries of a temporary failure with
/// exponential back-off and jitter, and a circuit breaker, so that while the next hop is down a backlog of X.400 files
/// does not spend one connection timeout each. A permanent failure is never retried. The per-attempt timeout is
/// <see cref="SmtpNextHop"/>'s own.
/// </summary>
public sealed partial class ResilientNextHop
{
    private readonly SmtpNextHop _nextHop;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<NextHopResult> _pipeline;

    public ResilientNextHop(SmtpNextHop nextHop, ResilienceSettings settings, TimeProvider time, ILogger<ResilientNextHop> logger)
    {
        _nextHop = nextHop;
        _logger = logger;
        var transient = new PredicateBuilder<NextHopResult>().HandleResult(r => r.Outcome == NextHopOutcome.TransientFailure);
        var builder = new ResiliencePipelineBuilder<NextHopResult> { TimeProvider = time };
        if (settings.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<NextHopResult>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = settings.Retries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRetry(_logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result?.Reply ?? args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<NextHopResult>
        {
            ShouldHandle = transient,
            FailureRatio = 0.8,
            MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakerDuration,
            OnOpened = args =>
            {
                LogOpened(_logger, args.BreakDuration, args.Outcome.Result?.Reply ?? "");
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogClosed(_logger);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    public async Task<NextHopResult> SendAsync(MimeMessage message, string reversePath, IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token => await _nextHop.SendAsync(message, reversePath, recipients, parameters, token), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            return new NextHopResult(NextHopOutcome.TransientFailure, $"the next hop is not tried for now (circuit open after repeated temporary failures): {e.Message}", "4.4.1");
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "next hop retry {Attempt} in {Delay}: {Reply}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string reply);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "next hop circuit opened for {Duration} after repeated temporary failures; last: {Reply}")]
    private static partial void LogOpened(ILogger logger, TimeSpan duration, string reply);

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "next hop circuit closed: deliveries resume")]
    private static partial void LogClosed(ILogger logger);
}
