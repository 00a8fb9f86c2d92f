using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orrery.Streams;

namespace Orrery.Persistence.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers the event streams on Redis Streams (<c>Orrery:Streams=redis</c>): <see cref="IEventStream"/> and
    /// <see cref="IStreamConsumerGroups"/> over one <see cref="RedisClient"/>. Nothing connects until first use;
    /// a server that is down makes calls fail with <see cref="RedisConnectionException"/> until it is back.
    /// </summary>
    /// <param name="connectionString"><c>ConnectionStrings:Redis</c>: <c>host:port[,password=...][,user=...]</c>.</param>
    /// <exception cref="FormatException">The connection string is malformed (checked here, at start-up).</exception>
    public static IServiceCollection AddRedisEventStream(this IServiceCollection services, string connectionString)
    {
        var settings = RedisConnectionSettings.Parse(connectionString);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new RedisClient(
            settings, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<RedisClient>>(), provider.GetService<IMeterFactory>()));
        services.AddSingleton(provider => new RedisEventStream(provider.GetRequiredService<RedisClient>()));
        // Replace, not add: the node may have registered the embedded log first.
        services.Replace(ServiceDescriptor.Singleton<IEventStream>(provider => provider.GetRequiredService<RedisEventStream>()));
        services.AddSingleton<IStreamConsumerGroups>(provider => provider.GetRequiredService<RedisEventStream>());
        return services;
    }
}
