using Orrery.Cluster;

namespace Orrery.Hosting;

/// <summary>
/// Takes every shard for this node at start, after the store is migrated and before anything writes: until the
/// cluster's ownership registry takes shards as their grains activate, one node owns every game. A node started
/// later on the same database takes them over, and this one's writes are refused from then on.
/// </summary>
internal sealed partial class SingleNodeShardLeases(
    SingleNodeOwnerFences fences, IShardLeaseStore leases, TimeProvider time, ILogger<SingleNodeShardLeases> logger) : IHostedService
{
    /// <summary>
    /// This node as the shard table records it: no Orleans silo yet, so the host name and the start time (seconds
    /// since 2022, as Orleans counts generations) stand for its address and generation.
    /// </summary>
    public static readonly ShardOwner Owner = new("orrery-single-node", Environment.MachineName, 0,
        (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await fences.AcquireAllAsync(leases, Owner, time.GetUtcNow(), cancellationToken);
        Log.Acquired(logger, Owner.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "Took every game shard for this node ({Owner})")]
        public static partial void Acquired(ILogger logger, string owner);
    }
}
