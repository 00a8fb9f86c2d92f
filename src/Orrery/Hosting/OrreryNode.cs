using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orrery.Api;
using Orrery.Auth;
using Orrery.Engines;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Persistence.Sqlite;
using Orrery.Scheduling;
using Orrery.Streams;

namespace Orrery.Hosting;

/// <summary>Builds the node: the web API, the lifecycle workers and the adapters selected by configuration.</summary>
public static class OrreryNode
{
    /// <param name="configure">Runs after the node's services are added, so tests can swap the server or an adapter.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root beside the binary, so its appsettings.json applies from any working directory
        // (the data directory, by contrast, is relative to where the operator runs orrery).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(NodeOptions.DefaultUrl);
        }
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes);

        var node = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        AddNodeServices(builder.Services, node);
        configure?.Invoke(builder);

        var app = builder.Build();
        RefuseOpenApiOffLoopback(app, builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        MapNode(app);
        return app;
    }

    private static void AddNodeServices(IServiceCollection services, NodeOptions node)
    {
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", ErrorStatusCodes.DefaultCodeFor(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Detail ??= $"{problem.Title}: {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
        });
        services.AddExceptionHandler<OrreryExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        services.AddOpenApi();
        services.AddApiKeyAuth();

        // Registration order is start order: the store is migrated before the workers recover operations.
        services.AddSqliteStore(node.DatabasePath);
        services.AddHostedService<StoreInitializer>();
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section);
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        services.AddOptions<LobbyEventOptions>().BindConfiguration(LobbyEventOptions.Section);
        services.AddOptions<HealthMonitorOptions>().BindConfiguration(HealthMonitorOptions.Section);
        services.AddLifecycle();
        services.AddOptions<HealthConsumerOptions>().BindConfiguration(HealthConsumerOptions.Section);
        services.AddHealthMonitor();
        services.AddHealthEventConsumer();
        services.AddFileSystemStateDirectories(node.GameStateRoot);
        services.AddProcessEngineHost(o =>
        {
            o.EnginesDirectory = node.EnginesDirectory;
            o.Stack = node.Stack;
        });
        services.AddHttpEngineClient();
        services.AddHostedService<DemoGames>();
    }

    private static void MapNode(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseRequestBodyLimit();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        var lifecycle = app.Services.GetRequiredService<LifecycleService>();
        var ready = true;
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            ready = false;
            lifecycle.StopAccepting();
        });

        app.MapGet("/healthz", () => TypedResults.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", () => ready
            ? Results.Text("ready")
            : Results.Text("shutting down", statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription();
        app.MapOpenApi();
        app.MapOrreryApi();
    }

    /// <summary>An API without keys is for local use only (SPEC §11): refuse to expose it.</summary>
    private static void RefuseOpenApiOffLoopback(WebApplication app, string? configuredUrls)
    {
        var urls = (configuredUrls ?? NodeOptions.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keys = app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value;
        if (keys.ApiKeys.Count == 0 && !LoopbackGuard.IsLoopbackOnly(urls))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", urls)} without API keys. Configure Orrery:Auth:ApiKeys or bind to 127.0.0.1.");
        }
    }
}
