namespace Orrery.Specs.Instances;

/// <summary>
/// Where specifications, their instances and the implementation models learned from them are kept (SPEC §9), so
/// all three survive a restart. Each shard writes its own instances in batches; a shard reads back only its own.
/// </summary>
public interface ISpecInstanceStore
{
    /// <summary>Inserts or replaces the specification of that name.</summary>
    Task SaveSpecificationAsync(StoredSpecification specification, CancellationToken cancellationToken);

    /// <summary>Every stored specification, by name.</summary>
    Task<IReadOnlyList<StoredSpecification>> ListSpecificationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a shard's batch in one transaction: instances inserted or replaced, instances deleted (an id not
    /// stored is no error), and model transitions added (one already stored is no error). A batch with a
    /// <see cref="SpecInstanceBatch.Fence"/> is written only while the fence holds, checked in the same transaction.
    /// </summary>
    /// <exception cref="Cluster.OwnershipLostException">The fence was refused (reported to the node's fences): nothing was written.</exception>
    Task WriteAsync(SpecInstanceBatch batch, CancellationToken cancellationToken);

    /// <summary>The instances of shard <paramref name="shard"/> of <paramref name="shards"/>: those whose <see cref="SpecShardRouter.RouteHash"/> modulo <paramref name="shards"/> is <paramref name="shard"/>.</summary>
    Task<IReadOnlyList<SpecInstance>> ListInstancesAsync(int shard, int shards, CancellationToken cancellationToken);

    /// <summary>Every learned model transition of every specification.</summary>
    Task<IReadOnlyList<ModelTransition>> ListModelTransitionsAsync(CancellationToken cancellationToken);
}

/// <summary>A specification as stored: its <c>.spex</c> text (timings included), which reads back to the same document.</summary>
public sealed record StoredSpecification(string Name, string Spex, DateTimeOffset UpdatedAt);

/// <summary>A transition of the implementation model of <paramref name="Spec"/>.</summary>
public readonly record struct ModelTransition(string Spec, SpexTransition Transition);

/// <summary>What one pass of a shard writes.</summary>
/// <param name="Fence">In a cluster, the fence of the game shard the spec shard runs with; null where nothing fences.</param>
public sealed record SpecInstanceBatch(
    IReadOnlyList<SpecInstance> Upserts, IReadOnlyList<string> Deletes, IReadOnlyList<ModelTransition> Learned, Cluster.OwnerFence? Fence = null)
{
    public bool IsEmpty => Upserts.Count == 0 && Deletes.Count == 0 && Learned.Count == 0;
}
