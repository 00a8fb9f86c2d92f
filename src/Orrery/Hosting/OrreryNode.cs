using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orrery.Api;
using Orrery.Auth;
using Orrery.Cluster;
using Orrery.Dashboard;
using Orrery.EngineHosts;
using Orrery.Engines;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Metrics;
using Orrery.Engines.Docker;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Redis;
using Orrery.Persistence.Sqlite;
using Orrery.Reconcile;
using Orrery.Scheduling;
using Orrery.Sessions;
using Orrery.Specs.Instances;
using Orrery.Streams;

namespace Orrery.Hosting;

/// <summary>Builds the node: the web API, the lifecycle workers and the adapters selected by configuration.</summary>
public static class OrreryNode
{
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(10);

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

        var node = NodeSettings(builder.Configuration);
        AddNodeServices(builder.Services, builder.Configuration, node);
        AddAdapters(builder.Services, builder.Configuration, node);
        configure?.Invoke(builder);

        var app = builder.Build();
        RefuseOpenApiOffLoopback(app, builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        MapNode(app);
        return app;
    }

    private static void AddNodeServices(IServiceCollection services, IConfiguration configuration, NodeOptions node)
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
        services.AddMetricsEndpoint();
        services.AddLiveTokens(node, configuration);

        // Registration order is start order: the store is migrated before the workers recover operations.
        services.AddHostedService<StoreInitializer>();
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section);
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        services.AddOptions<LobbyEventOptions>().BindConfiguration(LobbyEventOptions.Section);
        services.AddOptions<HealthMonitorOptions>().BindConfiguration(HealthMonitorOptions.Section);
        services.AddLifecycle();
        services.AddOptions<EngineCapacityOptions>().Configure(o => o.Capacity = node.EngineCapacity);
        // The workers' drain runs inside the host's shutdown timeout, with room left for what stops after it.
        services.AddOptions<HostOptions>().Configure<IOptions<LifecycleOptions>>((host, lifecycle) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (lifecycle.Value.ShutdownDrain + ShutdownMargin).Ticks)));
        services.AddOptions<HealthConsumerOptions>().BindConfiguration(HealthConsumerOptions.Section);
        services.AddHealthMonitor();
        services.AddHealthEventConsumer();
        services.AddFileSystemStateDirectories(node.GameStateRoot);
        services.AddHttpEngineClient();
        services.AddHostedService<DemoGames>();
        // After the store's initializer (the membership table is a migration); the keeper places every shard, handing
        // this node's games to the workers and the scheduler, before the reconciler's start-up pass.
        services.AddCluster(configuration, node);
        // After the keeper: the start-up pass sees this node's games and skips the ones recovered operations own.
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.Section).Configure(o => o.Stack = node.Stack);
        services.AddReconciler();
        services.AddLiveConnections();
        services.AddLiveSessions(o => configuration.GetSection(LiveOptions.Section).Bind(o));
        // After the store's initializer: the shards read their instances from the migrated store.
        services.AddSpecInstances(o => configuration.GetSection(SpecOptions.Section).Bind(o));
        // One reader per stream for every follower of the event feed (SSE): idle followers cost no reads.
        services.AddSingleton<StreamFanOut>();
        services.AddSingleton<MergedStreamReader>();
    }

    /// <summary>The store, the event streams and the engine host that <c>Orrery:Store</c>, <c>Orrery:Streams</c> and <c>Orrery:EngineHost</c> name.</summary>
    /// <exception cref="NodeConfigurationException">A selected adapter lacks its settings, or they are malformed.</exception>
    private static void AddAdapters(IServiceCollection services, IConfiguration configuration, NodeOptions node)
    {
        try
        {
            AddSelectedAdapters(services, configuration, node);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // The adapters check their connection strings at once, and never repeat them in the message.
            throw new NodeConfigurationException(ex.Message, ex);
        }
    }

    private static void AddSelectedAdapters(IServiceCollection services, IConfiguration configuration, NodeOptions node)
    {
        switch (node.Store)
        {
            case StoreKind.Sqlite:
                services.AddSqliteStore(node.DatabasePath);
                break;
            case StoreKind.Postgres:
                services.AddPostgresStore(RequiredConnectionString(configuration, "Postgres", "Orrery:Store=postgres"), o =>
                {
                    configuration.GetSection(PostgresStoreOptions.Section).Bind(o);
                    // In a cluster a fence holds only while its writer is an Active member (a zombie writes nothing).
                    o.FenceOnMembership = configuration.GetValue<bool>($"{ClusterSettings.Section}:{nameof(ClusterSettings.Enabled)}");
                });
                break;
        }

        switch (node.Streams)
        {
            case StreamsKind.Embedded when node.Store != StoreKind.Sqlite:
                throw new NodeConfigurationException(
                    "Orrery:Streams=embedded keeps the event log in the SQLite store; with Orrery:Store=postgres set Orrery:Streams=redis.");
            case StreamsKind.Embedded:
                break; // the SQLite store registered its event log
            case StreamsKind.Redis:
                services.AddRedisEventStream(RequiredConnectionString(configuration, "Redis", "Orrery:Streams=redis"));
                break;
        }

        switch (node.EngineHost)
        {
            case EngineHostKind.Process:
                services.AddProcessEngineHost(o =>
                {
                    o.EnginesDirectory = node.EnginesDirectory;
                    o.Stack = node.Stack;
                });
                break;
            case EngineHostKind.Docker:
                services.AddDockerEngineHost(o =>
                {
                    configuration.GetSection(DockerEngineHostOptions.Section).Bind(o);
                    o.Stack = node.Stack;
                });
                break;
        }
    }

    /// <summary>The node's settings; a value that names no adapter, or a negative capacity, is refused with the values that would do.</summary>
    private static NodeOptions NodeSettings(IConfiguration configuration)
    {
        NodeOptions node;
        try
        {
            node = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new NodeConfigurationException(
                $"{ex.Message} Orrery:Store is sqlite or postgres, Orrery:Streams is embedded or redis, Orrery:EngineHost is process or docker.", ex);
        }
        return node.EngineCapacity >= 0
            ? node
            : throw new NodeConfigurationException($"Orrery:EngineCapacity is {node.EngineCapacity}; it is the most engines the host may run, or 0 for no limit.");
    }

    private static string RequiredConnectionString(IConfiguration configuration, string name, string selectedBy) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new NodeConfigurationException($"{selectedBy} needs ConnectionStrings:{name} (environment: ConnectionStrings__{name}).");

    private static void MapNode(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseRequestBodyLimit();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseDashboard();
        app.UseAuthentication();
        app.UseAuthorization();

        var lifecycle = app.Services.GetRequiredService<LifecycleService>();
        app.Lifetime.ApplicationStopping.Register(lifecycle.StopAccepting);

        app.MapGet("/healthz", () => TypedResults.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", () => lifecycle.IsAccepting
            ? Results.Text("ready")
            : Results.Text("shutting down", statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription();
        app.MapOpenApi();
        app.MapMetricsEndpoint();
        app.MapOrreryApi();
        app.MapPlayerPage();
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
