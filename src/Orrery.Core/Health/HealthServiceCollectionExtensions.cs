using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.TryAddSingleton<HealthEventPublisher>();
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthMonitor>());
        return services;
    }

    /// <summary>Registers the consumer that applies <c>runtime:health_events</c> to runtime records.</summary>
    public static IServiceCollection AddHealthEventConsumer(this IServiceCollection services)
    {
        services.AddOptions<HealthConsumerOptions>();
        services.AddSingleton<HealthEventConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthEventConsumer>());
        return services;
    }
}
