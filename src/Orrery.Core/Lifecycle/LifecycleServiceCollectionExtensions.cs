using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Games;
using Orrery.Observability;
using Orrery.Versions;

namespace Orrery.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the lifecycle: request intake, the bounded queue, the worker pool and the start/stop steps.
    /// The store, engine host, engine client and state directories come from their own registrations.
    /// </summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LifecycleOptions>();
        services.AddSingleton(sp =>
        {
            var queue = new OperationQueue(sp.GetRequiredService<IOptions<LifecycleOptions>>().Value.QueueCapacity);
            OrreryTelemetry.Meter.CreateObservableGauge("orrery.operation.queue.depth", () => queue.Depth, "{operation}",
                "Operations accepted and not yet finished.");
            return queue;
        });
        services.AddSingleton<RuntimeRecords>();
        services.AddSingleton<SnapshotRecorder>();
        services.AddSingleton<EngineReadiness>();
        services.AddSingleton<EngineLauncher>();
        services.AddSingleton<EngineStopper>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<LifecycleService>();
        services.AddSingleton<GameRegistry>();
        services.AddSingleton<EngineVersionRegistry>();
        services.AddSingleton<EngineVersionCatalog>();
        services.AddHostedService<OperationWorkers>();
        return services;
    }
}
