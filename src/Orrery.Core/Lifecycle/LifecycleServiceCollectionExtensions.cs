using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Engines;
using Orrery.EngineHosts;
using Orrery.Games;
using Orrery.Health;
using Orrery.Lifecycle.Handlers;
using Orrery.Observability;
using Orrery.Scheduling;
using Orrery.Sessions;
using Orrery.Snapshots;
using Orrery.Streams;
using Orrery.Versions;

namespace Orrery.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the lifecycle: request intake, the bounded queue, the worker pool, the operation handlers, the
    /// engine host's capacity, the turn scheduler, snapshots and lobby events. The store, event stream, engine host, engine client and state
    /// directories come from their own registrations.
    /// </summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LifecycleOptions>();
        services.AddOptions<SchedulerOptions>().Validate(
            o => o.MaxConcurrentTurns > 0 && o.TurnTimeout > TimeSpan.Zero && o.FailedTurnStatusTimeout > TimeSpan.Zero,
            "Orrery:Scheduler needs MaxConcurrentTurns >= 1 and a positive TurnTimeout and FailedTurnStatusTimeout.")
            .ValidateOnStart();
        services.AddOptions<LobbyEventOptions>();
        services.TryAddSingleton<OrreryMetrics>();
        services.AddSingleton(sp =>
        {
            var queue = new OperationQueue(sp.GetRequiredService<IOptions<LifecycleOptions>>().Value.QueueCapacity);
            sp.GetRequiredService<OrreryMetrics>().CreateGauge("orrery.operation.queue.depth", () => queue.Depth, "{operation}",
                "Operations accepted and not yet finished.");
            return queue;
        });
        // Committed changes for the live sessions (AddLiveSessions listens); raising them costs nothing without a listener.
        services.TryAddSingleton<GameChanges>();
        services.AddSingleton<RuntimeRecords>();
        services.AddSingleton<LobbyEventPublisher>();
        services.AddSingleton<OperationEventPublisher>();
        services.AddOptions<HealthMonitorOptions>();
        services.TryAddSingleton<HealthEventPublisher>();
        services.AddSingleton<SnapshotPublisher>();
        services.AddSingleton<EngineReadiness>();
        services.AddSingleton<EngineLauncher>();
        services.AddSingleton<EngineStopper>();
        services.AddSingleton<EngineAdoption>();
        services.AddOptions<EngineCapacityOptions>();
        // One host, named by its kind, unless the engine adapter registered a fleet of its own (several Docker hosts).
        services.TryAddSingleton(sp => EngineHostFleet.Single(
            sp.GetRequiredService<IEngineHost>(), sp.GetRequiredService<IOptions<EngineCapacityOptions>>().Value.Limit));
        services.AddSingleton<EngineCapacity>();
        services.AddSingleton<EngineHostSurvey>();
        // The queued operations, one type each holding its admission rule and its run.
        services.AddSingleton<IOperationHandler, StartHandler>();
        services.AddSingleton<IOperationHandler, StopHandler>();
        services.AddSingleton<IOperationHandler, RestartHandler>();
        services.AddSingleton<IOperationHandler, PatchHandler>();
        services.AddSingleton<OperationHandlers>();
        services.AddSingleton<OperationJournal>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<LifecycleService>();
        services.AddSingleton<ImmediateOperations>();
        services.AddSingleton<GameRemoval>();
        services.AddSingleton<GameRegistry>();
        services.AddSingleton<EngineVersionRegistry>();
        services.AddSingleton<EngineVersionCatalog>();
        services.AddSingleton<TurnRunner>();
        services.AddSingleton<TurnScheduler>();
        services.AddSingleton<OperationWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationWorkers>());
        services.AddHostedService(sp => sp.GetRequiredService<TurnScheduler>());
        // The node-local holders of per-game work, in the order a node taking or giving up shards tells them: the
        // operations first (recovered, or finished), then the turn schedules, then the record cache.
        services.AddSingleton<IShardParticipant>(sp => sp.GetRequiredService<OperationWorkers>());
        services.AddSingleton<IShardParticipant>(sp => sp.GetRequiredService<TurnScheduler>());
        services.AddSingleton<IShardParticipant>(sp => sp.GetRequiredService<RuntimeRecords>());
        return services;
    }
}
