using System.Net;
using Gateway.Certificates;
using Gateway.Cli;
using Gateway.Cms.Verification;
using Gateway.Configuration;
using Gateway.EmailAuth.Dkim;
using Gateway.EmailAuth.Dmarc;
using Gateway.Operations;
using Gateway.Relay;
using Gateway.Smtp.Client;
using Gateway.Smtp.Server;
using Gateway.Smtp.Server.Tls;
using Gateway.X400;
using Gateway.X400.Mapping;
using Gateway.X400.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

// Admin verbs are positional; configuration overrides (--Gateway:…=…) are not, and apply to verbs and daemon alike.
var (positional, configurationArguments) = AdminCommands.SplitArguments(args);
// No reload on change: options are read once at start, and the watcher behind it covers the whole content root
// (the working directory) recursively — under load it read an inotify event for every spool and drop file.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. configurationArguments]);
// Embedded defaults that appsettings.json, the environment and the command line can override.
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    },
});
builder.Services.AddSystemd();
if (AdminCommands.IsVerb(positional))
{
    return await AdminCommands.RunAsync(positional, builder.Configuration, Console.Out, CancellationToken.None);
}
if (positional.Length > 0)
{
    await Console.Error.WriteLineAsync($"cms-x400-gateway: unknown verb '{positional[0]}'; try 'help'");
    return 64;
}
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
    o.UseUtcTimestamp = true;
});

builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IPostConfigureOptions<GatewayOptions>, GatewayOptionsDefaults>();
builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    var temporary = Path.Combine(o.DataDirectoryFullPath, "tmp");
    Directory.CreateDirectory(temporary);
    return new SmtpServerOptions(o.Smtp.Hostname, o.Smtp.MaxMessageSize, o.Smtp.MaxRecipients, o.Smtp.MaxCommandLineLength,
        o.Smtp.MaxConnections, o.Smtp.MaxErrors, o.Smtp.CommandTimeout, o.Smtp.DataTimeout, temporary)
    {
        MaxTextLineLength = o.Smtp.MaxTextLineLength,
        MaxHeaderSize = o.Smtp.MaxHeaderSize,
        MaxInMemoryMessageSize = o.Smtp.MaxInMemoryMessageSize,
        MaxConnectionsPerClient = o.Smtp.MaxConnectionsPerClient,
        TrustedNetworks = [.. o.Smtp.TrustedNetworks.Select(n => IPNetwork.Parse(n))],
        RequireTls = o.Smtp.Tls.RequireTls,
        TlsHandshakeTimeout = o.Smtp.Tls.HandshakeTimeout,
        Users = o.Smtp.Auth.LoadUsers(),
        MaxAuthFailures = o.Smtp.Auth.MaxFailures,
        AuthFailureDelay = o.Smtp.Auth.FailureDelay,
    };
});
builder.Services.AddSingleton(sp => new ServerCertificateProvider(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Smtp.Tls,
    sp.GetRequiredService<ILogger<ServerCertificateProvider>>(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<SmtpServerMetrics>();
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    return new MixerMapping(OrAddress.Parse(o.X400.GatewayAddress), o.X400.LocalDomains, [.. o.X400.Mappings.Select(m => m.ToRule())]);
});
builder.Services.AddSingleton(sp => new X400EnvelopeFactory(sp.GetRequiredService<MixerMapping>().GatewayAddress));
builder.Services.AddSingleton<IX400Transport>(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    return new FileDropTransport(o.X400DropDirectoryFullPath, o.Smtp.MaxMessageSize);
});
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    GatewayOptionsValidator.TryParseHostPort(o.Smtp.NextHop, out var endPoint);
    return new NextHopOptions(endPoint!, o.Smtp.Hostname, o.Smtp.NextHopTimeout)
    {
        MaxConnections = o.Delivery.NextHopConnections,
        ConnectionCacheSize = o.Delivery.ConnectionCacheSize,
        ConnectionCacheTime = o.Delivery.ConnectionCacheTime,
    };
});
builder.Services.AddSingleton<SmtpNextHop>();
builder.Services.AddSingleton(sp => new AuditLog(Path.Combine(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectoryFullPath, "audit.jsonl")));
builder.Services.AddSingleton<GatewayMetrics>();
builder.Services.AddSingleton<CertificateMetrics>();
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    return new RelaySettings(o.Smtp.Hostname, o.Smtp.MaxMessageSize, o.Cms.StrictLabels,
        PolicyNames.Canonical(o.Security.InvalidSignature, PolicyNames.Actions) == PolicyNames.Reject,
        PolicyNames.Canonical(o.Security.OriginatorMismatch, PolicyNames.Actions) == PolicyNames.Reject, o.X400.ReportsDelivery)
    {
        ScratchDirectory = Path.Combine(o.DataDirectoryFullPath, "tmp"),
    };
});
builder.Services.AddSingleton(sp => SecurityRoutesFactory.Create(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Security));
builder.Services.AddSingleton(sp => CertificateServiceFactory.Create(sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton(sp => new SecurityCheck(
    new SignatureVerifier(Gateway.Cms.CmsInspectionLimits.ForMessageSize(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Smtp.MaxMessageSize)),
    sp.GetRequiredService<CertificateService>(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton(sp =>
{
    var security = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Security;
    return new GatewayIdentity(security.Identity?.Load(), [.. security.DecryptionIdentities.Select(i => i.Load())]);
});
builder.Services.AddSingleton<OutboundProtection>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.EmailAuth.Signing is { Domain: { } d, Selector: { } s, KeyFile: { } k }
    ? new OutgoingDkim(GatewayDkimSigner.Load(k, d, s))
    : OutgoingDkim.None);
builder.Services.AddSingleton(sp => new DmarcAggregateStore(Path.Combine(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectoryFullPath, "dmarc")));
builder.Services.AddSingleton(sp => EmailAuthFactory.LoadSuffixes(sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.EmailAuth")));
builder.Services.AddSingleton(sp => EmailAuthFactory.Create(sp.GetRequiredService<IOptions<GatewayOptions>>().Value, sp.GetRequiredService<DmarcAggregateStore>(),
    sp.GetRequiredService<Gateway.EmailAuth.PublicSuffixList>()));

builder.Services.AddSingleton(sp =>
{
    var hostname = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Smtp.Hostname;
    return new DmarcReportWriter(sp.GetRequiredService<DmarcAggregateStore>(), hostname, hostname, $"postmaster@{hostname}");
});
builder.Services.AddHostedService(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    var mailer = o.EmailAuth.MailAggregateReports
        ? new DmarcReportMailer(sp.GetRequiredService<SmtpNextHop>(), sp.GetRequiredService<OutgoingDkim>(), sp.GetRequiredService<Gateway.EmailAuth.PublicSuffixList>(),
            o.Smtp.Hostname)
        : null;
    return new DmarcReportService(sp.GetRequiredService<DmarcReportWriter>(), mailer, sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILogger<DmarcReportService>>());
});
builder.Services.AddSingleton<ISmtpTransactionHandler, MessageRelay>();
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    return new X400ToSmtpConverter(sp.GetRequiredService<MixerMapping>(), o.Smtp.Hostname, o.Smtp.PreferBinary,
        Gateway.Cms.CmsInspectionLimits.ForMessageSize(o.Smtp.MaxMessageSize));
});
builder.Services.AddSingleton(sp =>
{
    var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
    return new InboundSettings(o.X400.PollInterval, o.Delivery.MaxLifetime, o.Delivery.MaxRetryInterval) { Concurrency = o.Delivery.Concurrency };
});
builder.Services.AddSingleton(sp =>
{
    var d = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Delivery;
    return new ResilienceSettings(d.Retries, d.RetryDelay, d.BreakerMinimumThroughput, d.BreakerSamplingDuration, d.BreakerDuration);
});
builder.Services.AddSingleton<ResilientNextHop>();
builder.Services.AddHostedService<X400InboundService>();
builder.Services.AddHostedService<SecretFileWarnings>();
builder.Services.AddHostedService<CpuSchedulingStartup>();

builder.Services.AddHealthChecks().AddCheck("data-directory",
    new DataDirectoryHealthCheck(builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.DataDirectoryFullPath ?? Path.GetFullPath("var")));
builder.Services.AddOpenTelemetry().WithMetrics(m => m
    .AddMeter(GatewayMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
    .AddPrometheusExporter());

// The session continues on the thread that took its socket's completion instead of being queued to the pool a second
// time (and its replies are sent from there, not from Kestrel's I/O queue). On Linux that thread is already one of the
// pool's: the epoll thread only queues completions (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS, which would run
// sessions on the epoll thread itself, is left unset), so a message that takes long to handle holds up only its own
// connection, as before. 10 KB signed-x400, 20 sessions, A/B on tmpfs: 0.42-0.47 -> 0.38-0.46 ms of CPU per message.
// Each receive goes straight into a buffer instead of first waiting for data with a zero-byte read: that wait is a
// system call of its own before every receive, half of the receives of a large message (strace, 1 MB signed-x400:
// 533 -> 272 receive calls per message; 10 KB: 18.4 -> 12.7). What it saves, a 4 KiB block per idle connection, is
// 0.4 MB at the default limit of 100 connections (Gateway:Smtp:MaxConnections).
builder.WebHost.UseSockets(sockets =>
{
    sockets.UnsafePreferInlineScheduling = true;
    sockets.WaitForDataBeforeAllocatingBuffer = false;
});
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var o = kestrel.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
    kestrel.Listen(IPEndPoint.Parse(o.Smtp.Listen), listen => listen.UseConnectionHandler<SmtpConnectionHandler>());
    if (o.Smtp.Tls.ImplicitListen is { Length: > 0 } implicitTls)
    {
        // Port 465 style (RFC 8314): Kestrel does the handshake, with the certificate of the moment.
        var certificates = kestrel.ApplicationServices.GetRequiredService<ServerCertificateProvider>();
        kestrel.Listen(IPEndPoint.Parse(implicitTls), listen =>
        {
            // The same server options as STARTTLS: the certificate of the moment, its chain, TLS 1.2 and up.
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(certificates.CreateServerOptions()),
                HandshakeTimeout = o.Smtp.Tls.HandshakeTimeout,
            });
            listen.UseConnectionHandler<SmtpConnectionHandler>();
        });
    }
    kestrel.Listen(IPEndPoint.Parse(o.Http.Listen));
});

try
{
    var app = builder.Build();
    app.MapHealthChecks("/healthz");
    app.MapPrometheusScrapingEndpoint("/metrics");
    app.MapGet("/reports/dmarc", (DmarcAggregateStore store, TimeProvider clock) =>
        Results.Content(DmarcReportPage.Render(store, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), "text/html; charset=utf-8"));
    _ = app.Services.GetRequiredService<CertificateMetrics>(); // observable instruments exist once their owner does
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"cms-x400-gateway: configuration error:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Failures)}");
    return 78; // EX_CONFIG: systemd and operators read it as "fix the configuration"
}
catch (IOException e) when (e.InnerException is AddressInUseException)
{
    await Console.Error.WriteLineAsync($"cms-x400-gateway: cannot listen: {e.Message}");
    return 71; // EX_OSERR
}
