using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry.Metrics;
using Orrery.Auth;
using Orrery.Observability;

namespace Orrery.Metrics;

/// <summary>
/// <c>GET /metrics</c> (SPEC §11): the Prometheus text exposition of the node's <c>Orrery</c> meter, through
/// OpenTelemetry's Prometheus exporter. Open to callers on loopback (a local agent scrapes without a key), the viewer
/// role otherwise.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The policy of <see cref="Path"/>: a loopback caller, or a caller with the viewer role.</summary>
    public const string ScrapePolicy = "metrics-scrape";

    public static IServiceCollection AddMetricsEndpoint(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(ScrapePolicy, p => p.RequireAssertion(IsLoopbackOrViewer));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrreryTelemetry.Name)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        // Meters are named alike in every host of a process (tests run several): only this host's factory counts here.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var factory = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope == factory ? null : MetricStreamConfiguration.Drop);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(ScrapePolicy);
        return app;
    }

    private static bool IsLoopbackOrViewer(AuthorizationHandlerContext context) =>
        context.User.IsInRole(Roles.Viewer)
        || context.Resource is HttpContext { Connection.RemoteIpAddress: { } address } && IPAddress.IsLoopback(address);
}
