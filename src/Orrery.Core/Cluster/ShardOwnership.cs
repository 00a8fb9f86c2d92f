using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orrery.Batching;
using Orrery.Observability;

namespace Orrery.Cluster;

/// <summary>
/// Which shards this node owns and with which epoch: the node-local half of ownership, fed by the shard grains'
/// activations. Taking a shard takes its next epoch from the shard table, then hands its games to the participants
/// (shards taken together, as at start-up or after a failover, are handed over in one batch); giving one up, or
/// learning that a store refused its fence, takes it out of the fences first, so nothing more is written for it.
/// </summary>
public sealed partial class ShardOwnership
{
    private readonly OwnedShards _owned;
    private readonly GameShards _shards;
    private readonly IShardLeaseStore _leases;
    private readonly IReadOnlyList<IShardParticipant> _participants;
    private readonly TimeProvider _time;
    private readonly ILogger<ShardOwnership> _logger;
    private readonly GroupCommit<int, bool> _acquisitions;

    public ShardOwnership(
        OwnedShards owned, IShardLeaseStore leases, IEnumerable<IShardParticipant> participants, OrreryMetrics metrics, TimeProvider time,
        ILogger<ShardOwnership> logger)
    {
        _owned = owned;
        _shards = owned.Shards;
        _leases = leases;
        _participants = [.. participants];
        _time = time;
        _logger = logger;
        _acquisitions = new GroupCommit<int, bool>(HandOverAsync);
        owned.Lost += shard =>
        {
            Log.FenceRefused(_logger, shard);
            Lost?.Invoke(shard);
        };
        metrics.CreateGauge("orrery.cluster.shards_owned", () => owned.Epochs.Count, "{shard}", "Shards this node owns.");
    }

    /// <summary>Raised when a store refused a fence of a shard: the shard's activation here must end.</summary>
    public event Action<int>? Lost;

    public GameShards Shards => _shards;

    /// <summary>The shards this node owns now, with their epochs.</summary>
    public IReadOnlyDictionary<int, long> Owned => _owned.Epochs;

    /// <summary>Takes the next epoch of <paramref name="shard"/> for <paramref name="owner"/> and hands the shard's games to the participants.</summary>
    /// <returns>The epoch taken.</returns>
    public async Task<long> AcquireAsync(int shard, ShardOwner owner, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var epoch = await _leases.AcquireAsync(shard, owner, _time.GetUtcNow(), cancellationToken);
        _owned.Hold(new OwnerFence(shard, epoch));
        await _acquisitions.WriteAsync(shard);
        Log.Acquired(_logger, shard, epoch, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return epoch;
    }

    /// <summary>Takes every shard for <paramref name="owner"/>: a process that runs without a silo (a test rig, a benchmark) owns all games.</summary>
    public Task AcquireAllAsync(ShardOwner owner, CancellationToken cancellationToken) =>
        Task.WhenAll(_shards.All.Select(shard => AcquireAsync(shard, owner, cancellationToken)));

    /// <summary>
    /// Gives <paramref name="shard"/> up, gracefully: the participants let go of its games in order (running operations
    /// and turns finish while the fences still hold, so a hand-over interrupts nothing), then its fences go.
    /// </summary>
    public async Task ReleaseAsync(int shard, CancellationToken cancellationToken)
    {
        if (!_owned.Epochs.TryGetValue(shard, out var epoch))
        {
            return; // never taken, or already lost
        }
        var set = new ShardSet(_shards, [shard]);
        foreach (var participant in _participants)
        {
            try
            {
                await participant.ReleasedAsync(set, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ReleaseFailed(_logger, shard, participant.GetType().Name, ex);
            }
        }
        _owned.TryDrop(shard, out _);
        Log.Released(_logger, shard, epoch);
    }

    /// <summary>Hands a batch of newly taken shards to every participant in order; a shard given up meanwhile is left out.</summary>
    private async Task<IReadOnlyList<bool>> HandOverAsync(IReadOnlyList<int> shards)
    {
        var set = new ShardSet(_shards, shards.Where(Owned.ContainsKey));
        if (set.Shards.Count > 0)
        {
            foreach (var participant in _participants)
            {
                await participant.AcquiredAsync(set, CancellationToken.None);
            }
        }
        return [.. shards.Select(_ => true)];
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ShardOwnership.Acquired, LogLevel.Information, "Shard {Shard} taken with epoch {Epoch}; its games handed over in {Milliseconds:0.0} ms")]
        public static partial void Acquired(ILogger logger, int shard, long epoch, double milliseconds);

        [LoggerMessage(LogEventIds.ShardOwnership.Released, LogLevel.Information, "Shard {Shard} (epoch {Epoch}) given up")]
        public static partial void Released(ILogger logger, int shard, long epoch);

        [LoggerMessage(LogEventIds.ShardOwnership.FenceRefused, LogLevel.Warning, "Shard {Shard}: a store refused this node's fence; another node owns it now, or this node is no longer an active member")]
        public static partial void FenceRefused(ILogger logger, int shard);

        [LoggerMessage(LogEventIds.ShardOwnership.ReleaseFailed, LogLevel.Error, "Shard {Shard}: {Participant} failed to let go of its games")]
        public static partial void ReleaseFailed(ILogger logger, int shard, string participant, Exception exception);
    }
}
