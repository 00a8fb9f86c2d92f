using Orrery.Cluster;

namespace Orrery.Hosting;

/// <summary>
/// Takes every shard for this node at start, after the store is migrated and before anything writes: until the
/// cluster's ownership registry takes shards as their grains activate, one node owns every game. A node started
/// later on the same database takes them over, and this one's writes are refused from then on.
/// </summary>
internal sealed partial class SingleNodeShardLeases(SingleNodeOwnerFences fences, ILogger<SingleNodeShardLeases> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await fences.AcquireAllAsync(cancellationToken);
        Log.Acquired(logger, SingleNodeOwnerFences.LocalOwner.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "Took every game shard for this node ({Owner})")]
        public static partial void Acquired(ILogger logger, string owner);
    }
}
