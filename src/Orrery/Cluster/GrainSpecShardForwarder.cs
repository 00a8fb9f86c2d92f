using Orrery.Observability;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

/// <summary>
/// Carries spec instance calls to the replica that runs their shard: spec shard i runs with game shard i modulo the
/// game shards (<see cref="SpecShardOwnership"/>), so through that game shard's grain, whose activation is its owner.
/// A synchronous call is repeated while the shard is between owners. Posted calls go through one
/// <see cref="OrderedOutbox{T}"/> per shard, so the steps this replica posts for an instance arrive in order.
/// </summary>
internal sealed partial class GrainSpecShardForwarder(
    IGrainFactory grains, GameShards gameShards, SpecMetrics metrics, TimeProvider time, ILogger<GrainSpecShardForwarder> logger)
    : ISpecShardForwarder, IAsyncDisposable
{
    private readonly Dictionary<int, OrderedOutbox<SpecCall>> _outboxes = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public Task<SpecCallResult> SendAsync(int shard, SpecCall call, CancellationToken cancellationToken) =>
        OwnerCalls.UntilOwnerAnswersAsync(token => Grain(shard).SpecCallAsync(shard, call, token), time, cancellationToken);

    public bool Post(int shard, SpecCall call)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }
            if (!_outboxes.TryGetValue(shard, out var outbox))
            {
                outbox = new OrderedOutbox<SpecCall>(
                    async (batch, token) => (await Grain(shard).PostSpecCallsAsync(shard, batch, token)).Unwrap(),
                    (batch, reason) => Dropped(shard, batch.Count, reason),
                    time, OutboxLimits.Default);
                _outboxes[shard] = outbox;
            }
            return outbox.TryPost(call);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<OrderedOutbox<SpecCall>> outboxes;
        lock (_lock)
        {
            _disposed = true;
            outboxes = [.. _outboxes.Values];
        }
        foreach (var outbox in outboxes)
        {
            await outbox.DisposeAsync();
        }
    }

    private IGameShardGrain Grain(int specShard) => grains.GetGrain<IGameShardGrain>(SpecShardOwnership.GameShardOf(specShard, gameShards));

    private void Dropped(int shard, int count, string reason)
    {
        metrics.ForwardsDropped.Add(count, new KeyValuePair<string, object?>("shard", shard));
        Log.Dropped(logger, count, shard, OutboxLimits.Default.Attempts, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.GrainSpecShardForwarder.Dropped, LogLevel.Warning, "Gave up {Count} posted calls for spec shard {Shard} after {Attempts} attempts: {Reason}")]
        public static partial void Dropped(ILogger logger, int count, int shard, int attempts, string reason);
    }
}
