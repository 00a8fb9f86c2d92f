using System.Diagnostics.Metrics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>
/// The shards of this node, by index: each started and stopped on its own, so a host-level component decides which
/// run here (<see cref="SpecShardHost"/> runs them all; in a cluster the owner of a shard would). A request for a
/// shard that does not run here is refused with <c>not_owner</c>.
/// </summary>
public sealed class SpecShards
{
    private readonly SpecShardContext _context;
    private readonly SpecShard?[] _shards;
    private readonly Lock _lock = new();

    public SpecShards(
        IOptions<SpecOptions> options, ISpecInstanceStore store, SpecRegistry registry, ImplementationModels models,
        SpecReports reports, SpecMetrics metrics, TimeProvider time, ILogger<SpecShard> logger)
    {
        _shards = new SpecShard?[options.Value.DistributionFactor];
        _context = new SpecShardContext(store, registry, models, reports, metrics, time, logger, options.Value.MaxBatch);
        metrics.QueueDepths = () => Running.Select(s => new Measurement<int>(s.QueueDepth, new KeyValuePair<string, object?>("shard", s.Index)));
    }

    /// <summary>The distribution factor: how many shards there are in all.</summary>
    public int Count => _shards.Length;

    /// <summary>The shards running here.</summary>
    public IReadOnlyList<SpecShard> Running
    {
        get
        {
            lock (_lock)
            {
                return [.. _shards.OfType<SpecShard>()];
            }
        }
    }

    /// <summary>Starts shard <paramref name="index"/>: reads its instances and runs its loop. A shard running already is left alone.</summary>
    public async Task StartAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (Volatile.Read(ref _shards[index]) is not null)
        {
            return;
        }
        var shard = new SpecShard(index, Count, _context);
        await shard.StartAsync(cancellationToken);
        bool placed;
        lock (_lock)
        {
            placed = _shards[index] is null;
            _shards[index] ??= shard;
        }
        if (!placed)
        {
            await shard.StopAsync(cancellationToken); // a concurrent start won: this copy never took a request
        }
    }

    /// <summary>Stops shard <paramref name="index"/> after its queued requests: from then on its instances are refused here.</summary>
    public async Task StopAsync(int index, CancellationToken cancellationToken)
    {
        SpecShard? shard;
        lock (_lock)
        {
            shard = _shards[index];
            _shards[index] = null;
        }
        if (shard is not null)
        {
            await shard.StopAsync(cancellationToken);
        }
    }

    /// <summary>The shard of <paramref name="instanceId"/>.</summary>
    /// <exception cref="OrreryException"><c>not_owner</c>: the shard does not run on this node.</exception>
    internal SpecShard For(string instanceId)
    {
        var index = SpecShardRouter.ShardOf(instanceId, Count);
        return Volatile.Read(ref _shards[index]) ?? throw NotRunning(index);
    }

    internal bool TryFor(string instanceId, [NotNullWhen(true)] out SpecShard? shard)
    {
        shard = Volatile.Read(ref _shards[SpecShardRouter.ShardOf(instanceId, Count)]);
        return shard is not null;
    }

    /// <summary>Every shard, for a call that fans out to all of them.</summary>
    /// <exception cref="OrreryException"><c>not_owner</c>: some shard does not run on this node.</exception>
    internal IReadOnlyList<SpecShard> All()
    {
        lock (_lock)
        {
            var missing = Array.FindIndex(_shards, s => s is null);
            return missing < 0 ? [.. _shards.OfType<SpecShard>()] : throw NotRunning(missing);
        }
    }

    private static OrreryException NotRunning(int index) =>
        new(ErrorCodes.NotOwner, $"Spec instance shard {index} does not run on this node (starting, stopping or owned elsewhere); try again.");
}
