using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orrery.Observability;

namespace Orrery.Reconcile;

public static class ReconcileServiceCollectionExtensions
{
    /// <summary>
    /// Registers the reconciler and its loop (a pass at start-up, then periodic). Needs the lifecycle's registrations
    /// (<c>AddLifecycle</c>); register it after them so its start-up pass runs after operations are recovered.
    /// </summary>
    public static IServiceCollection AddReconciler(this IServiceCollection services)
    {
        services.AddOptions<ReconcileOptions>().Validate(
            o => o.Interval > TimeSpan.Zero && o.StatusTimeout > TimeSpan.Zero && o.MaxParallelStatusCalls > 0 && !string.IsNullOrWhiteSpace(o.Stack),
            "Orrery:Reconcile needs a positive Interval and StatusTimeout, MaxParallelStatusCalls >= 1 and a Stack.")
            .ValidateOnStart();
        services.TryAddSingleton<OrreryMetrics>();
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcileLoop>();
        return services;
    }
}
