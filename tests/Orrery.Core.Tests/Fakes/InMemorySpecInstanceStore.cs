using System.Collections.Concurrent;
using Orrery.Cluster;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Fakes;

/// <summary>
/// The spec instance store in memory; <see cref="FailWrites"/> makes batches fail like a store that is down, and
/// <see cref="ShardEpochs"/> is the shard table a batch's fence is checked against.
/// </summary>
internal sealed class InMemorySpecInstanceStore : ISpecInstanceStore
{
    private readonly ConcurrentDictionary<string, StoredSpecification> _specifications = new();
    private readonly ConcurrentDictionary<string, SpecInstance> _instances = new();
    private readonly List<ModelTransition> _learned = [];
    private readonly Lock _lock = new();

    public bool FailWrites { get; set; }

    /// <summary>The epoch of each game shard that was taken (a shard not here is at epoch 1).</summary>
    public ConcurrentDictionary<int, long> ShardEpochs { get; } = new();

    public int Batches { get; private set; }

    public IReadOnlyCollection<SpecInstance> Instances => [.. _instances.Values];

    public Task SaveSpecificationAsync(StoredSpecification specification, CancellationToken cancellationToken)
    {
        _specifications[specification.Name] = specification;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredSpecification>> ListSpecificationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredSpecification>>([.. _specifications.Values.OrderBy(s => s.Name, StringComparer.Ordinal)]);

    public Task WriteAsync(SpecInstanceBatch batch, CancellationToken cancellationToken)
    {
        if (FailWrites)
        {
            throw new IOException("the store is down");
        }
        if (batch.Fence is { } fence && ShardEpochs.GetValueOrDefault(fence.Shard, 1) != fence.Epoch)
        {
            throw new OwnershipLostException(fence.Shard, $"Shard {fence.Shard} was taken over (epoch {ShardEpochs[fence.Shard]}, not {fence.Epoch}).");
        }
        lock (_lock)
        {
            Batches++;
            batch.Upserts.ToList().ForEach(i => _instances[i.Id] = i);
            batch.Deletes.ToList().ForEach(id => _instances.TryRemove(id, out _));
            _learned.AddRange(batch.Learned.Where(l => !_learned.Contains(l)));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SpecInstance>> ListInstancesAsync(int shard, int shards, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpecInstance>>([.. _instances.Values.Where(i => SpecShardRouter.ShardOf(i.Id, shards) == shard)]);

    public Task<IReadOnlyList<ModelTransition>> ListModelTransitionsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ModelTransition>>([.. _learned]);
        }
    }
}
