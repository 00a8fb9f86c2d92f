using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>
/// The shards of this node, by index: each started and stopped on its own, with the ownership of the game shard of
/// the same number modulo their count (<see cref="SpecShardOwnership"/>); a single node owns every game shard, so it
/// runs every spec shard. <see cref="SpecInstances"/> reaches a shard that runs elsewhere through the cluster.
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
    /// <param name="fence">The fence its writes carry (the game shard it runs with, in a cluster); null for none.</param>
    public async Task StartAsync(int index, OwnerFence? fence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (Volatile.Read(ref _shards[index]) is not null)
        {
            return;
        }
        var shard = new SpecShard(index, Count, _context, fence, Detach);
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

    /// <summary>Starts every shard unfenced: a process alone with its store (a rig, a benchmark).</summary>
    public Task StartAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Count).Select(i => StartAsync(i, fence: null, cancellationToken)));

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

    /// <summary>Takes out a copy whose fence was refused, so the shard can start again here under a newer epoch.</summary>
    private void Detach(SpecShard shard)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_shards[shard.Index], shard))
            {
                _shards[shard.Index] = null;
            }
        }
    }

    /// <summary>Shard <paramref name="index"/> if it runs here, else null.</summary>
    public SpecShard? Find(int index) => Volatile.Read(ref _shards[index]);

    internal static OrreryException NotRunning(int index) =>
        new(ErrorCodes.NotOwner, $"Spec instance shard {index} does not run on this node (starting, stopping or owned elsewhere); try again.");
}
