using System.Collections.Concurrent;
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
public sealed partial class ShardOwnership : IOwnerFences, IGameOwnership
{
    private readonly GameShards _shards;
    private readonly IShardLeaseStore _leases;
    // Read on first use, not in the constructor: the participants depend on the stores, which fence with this type.
    private readonly Lazy<IReadOnlyList<IShardParticipant>> _participants;
    private readonly TimeProvider _time;
    private readonly ILogger<ShardOwnership> _logger;
    private readonly ConcurrentDictionary<int, long> _epochs = new();
    private readonly GroupCommit<int, bool> _acquisitions;

    public ShardOwnership(
        GameShards shards, IShardLeaseStore leases, IEnumerable<IShardParticipant> participants, TimeProvider time, ILogger<ShardOwnership> logger)
    {
        _shards = shards;
        _leases = leases;
        _participants = new(() => [.. participants]);
        _time = time;
        _logger = logger;
        _acquisitions = new GroupCommit<int, bool>(HandOverAsync);
        OrreryTelemetry.Meter.CreateObservableGauge("orrery.cluster.shards_owned", () => _epochs.Count, "{shard}", "Shards this node owns.");
    }

    /// <summary>Raised when a store refused a fence of a shard: the shard's activation here must end.</summary>
    public event Action<int>? Lost;

    public GameShards Shards => _shards;

    /// <summary>The shards this node owns now, with their epochs.</summary>
    public IReadOnlyDictionary<int, long> Owned => _epochs;

    public bool Owns(Guid gameId) => _epochs.ContainsKey(_shards.ShardOf(gameId));

    public bool OwnsUnclaimed => _epochs.ContainsKey(0);

    /// <summary>Takes the next epoch of <paramref name="shard"/> for <paramref name="owner"/> and hands the shard's games to the participants.</summary>
    /// <returns>The epoch taken.</returns>
    public async Task<long> AcquireAsync(int shard, ShardOwner owner, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var epoch = await _leases.AcquireAsync(shard, owner, _time.GetUtcNow(), cancellationToken);
        _epochs[shard] = epoch;
        await _acquisitions.WriteAsync(shard);
        Log.Acquired(_logger, shard, epoch, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return epoch;
    }

    /// <summary>Gives <paramref name="shard"/> up: its fences go at once, then the participants let go of its games.</summary>
    public async Task ReleaseAsync(int shard, CancellationToken cancellationToken)
    {
        if (!_epochs.TryRemove(shard, out var epoch))
        {
            return;
        }
        var set = new ShardSet(_shards, [shard]);
        var participants = _participants.Value;
        for (var i = participants.Count - 1; i >= 0; i--)
        {
            try
            {
                await participants[i].ReleasedAsync(set, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ReleaseFailed(_logger, shard, participants[i].GetType().Name, ex);
            }
        }
        Log.Released(_logger, shard, epoch);
    }

    public OwnerFence For(Guid gameId)
    {
        var shard = _shards.ShardOf(gameId);
        return _epochs.TryGetValue(shard, out var epoch)
            ? new OwnerFence(shard, epoch)
            : throw new OwnershipLostException(shard, $"This node does not own game {gameId} (shard {shard}); the request must go to its owner.");
    }

    public void Refused(OwnerFence fence)
    {
        // Only the epoch that was refused: a newer activation of the same shard here holds a fence of its own.
        if (((ICollection<KeyValuePair<int, long>>)_epochs).Remove(new KeyValuePair<int, long>(fence.Shard, fence.Epoch)))
        {
            Log.FenceRefused(_logger, fence.Shard, fence.Epoch);
            OrreryTelemetry.FencesRefused.Add(1);
            Lost?.Invoke(fence.Shard);
        }
    }

    /// <summary>Hands a batch of newly taken shards to every participant in order; a shard given up meanwhile is left out.</summary>
    private async Task<IReadOnlyList<bool>> HandOverAsync(IReadOnlyList<int> shards)
    {
        var set = new ShardSet(_shards, shards.Where(_epochs.ContainsKey));
        if (set.Shards.Count > 0)
        {
            foreach (var participant in _participants.Value)
            {
                await participant.AcquiredAsync(set, CancellationToken.None);
            }
        }
        return [.. shards.Select(_ => true)];
    }

    private static partial class Log
    {
        [LoggerMessage(1601, LogLevel.Information, "Shard {Shard} taken with epoch {Epoch}; its games handed over in {Milliseconds:0.0} ms")]
        public static partial void Acquired(ILogger logger, int shard, long epoch, double milliseconds);

        [LoggerMessage(1602, LogLevel.Information, "Shard {Shard} (epoch {Epoch}) given up")]
        public static partial void Released(ILogger logger, int shard, long epoch);

        [LoggerMessage(1603, LogLevel.Warning, "Shard {Shard}: a store refused the fence of epoch {Epoch}; another node owns it now, or this node is no longer an active member")]
        public static partial void FenceRefused(ILogger logger, int shard, long epoch);

        [LoggerMessage(1604, LogLevel.Error, "Shard {Shard}: {Participant} failed to let go of its games")]
        public static partial void ReleaseFailed(ILogger logger, int shard, string participant, Exception exception);
    }
}
