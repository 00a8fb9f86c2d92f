using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Settings;

namespace Orrery.Sessions;

public static class LiveSessionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers live sessions (SPEC §8): their settings (validated at start), the supervisor of the pools as a shard
    /// participant, the hosted driver of their periodic work, and <see cref="GameChanges"/>. Needs the lifecycle
    /// (<c>AddLifecycle</c>), a store with an <see cref="ISessionPoolStore"/>, and the host's <c>IMeterFactory</c>.
    /// </summary>
    /// <param name="configure">Binds <see cref="LiveOptions"/> (the node binds section <see cref="LiveOptions.Section"/>).</param>
    public static IServiceCollection AddLiveSessions(this IServiceCollection services, Action<LiveOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddValidatedOptions<LiveOptions, LiveOptionsValidator>(LiveOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<GameChanges>();
        services.TryAddSingleton<LiveMetrics>();
        services.TryAddSingleton<LiveGameSource>();
        services.TryAddSingleton<LiveSessions>();
        services.AddHostedService<LiveSessionsDriver>();
        // After the record cache: a node giving up shards stops their sessions once their other work is handed over.
        services.AddSingleton<IShardParticipant>(sp => sp.GetRequiredService<LiveSessions>());
        return services;
    }
}
