using Microsoft.Extensions.DependencyInjection;
using Orrery.Settings;

namespace Orrery.Reconcile;

public static class ReconcileServiceCollectionExtensions
{
    /// <summary>
    /// Registers the reconciler and its loop (a pass at start-up, then periodic). Needs the lifecycle's registrations
    /// (<c>AddLifecycle</c>); register it after them so its start-up pass runs after operations are recovered.
    /// </summary>
    public static IServiceCollection AddReconciler(this IServiceCollection services)
    {
        services.AddValidatedOptions<ReconcileOptions, ReconcileOptionsValidator>(ReconcileOptions.Section);
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcileLoop>();
        return services;
    }
}
