using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;
using Orrery.Streams;

namespace Orrery.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Registers the health monitor, which probes and inspects every engine and writes
    /// <c>runtime:health_events</c>. Needs the lifecycle's registrations (<c>AddLifecycle</c>).
    /// </summary>
    public static IServiceCollection AddHealthMonitor(this IServiceCollection services)
    {
        services.AddOptions<HealthMonitorOptions>();
        services.TryAddSingleton<OrreryMetrics>();
        services.TryAddSingleton<HealthEventPublisher>();
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthMonitor>());
        return services;
    }

    /// <summary>
    /// Registers the consumer that applies <c>runtime:health_events</c> to runtime records: as a member of a
    /// consumer group when the event streams have groups (<see cref="IStreamConsumerGroups"/>, Redis), else
    /// after an offset stored per label.
    /// </summary>
    public static IServiceCollection AddHealthEventConsumer(this IServiceCollection services)
    {
        services.AddOptions<HealthConsumerOptions>()
            .Validate(o => o.BatchSize > 0, "Orrery:HealthConsumer:BatchSize must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Label) && !string.IsNullOrWhiteSpace(o.Group) && !string.IsNullOrWhiteSpace(o.Consumer),
                "Orrery:HealthConsumer:Label, Group and Consumer must not be empty.")
            .Validate(o => o.ClaimIdle > o.MaxRetryDelay,
                "Orrery:HealthConsumer:ClaimIdle must be longer than MaxRetryDelay, or a replica retrying a batch would lose it to a claim.");
        // Resolved when first used, so it sees the event streams whichever adapter registered them, before or after.
        services.TryAddSingleton<IHealthEventFeed>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<HealthConsumerOptions>>().Value;
            var stream = provider.GetRequiredService<IEventStream>();
            return provider.GetService<IStreamConsumerGroups>() is { } groups
                ? new ConsumerGroupFeed(stream, groups, settings, provider.GetRequiredService<ILogger<ConsumerGroupFeed>>())
                : new StoredOffsetFeed(stream, settings.Label);
        });
        services.AddSingleton<HealthEventConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthEventConsumer>());
        return services;
    }
}
