using Microsoft.Extensions.Options;

namespace Orrery.Specs.Instances;

/// <summary>
/// Reads the specifications (store, then <see cref="SpecOptions.Directory"/>) and the learned models once, before the
/// first shard starts, whichever comes first: the node's start, or the cluster handing the node a shard. In a cluster
/// each replica learns on the shards it runs and the store holds the union: <see cref="RefreshModelsAsync"/> reads it
/// again before a model is shown or exported, and <see cref="RefreshSpecificationAsync"/> takes up a specification
/// another replica registered.
/// </summary>
public sealed class SpecLoading(SpecRegistry registry, ImplementationModels models, ISpecInstanceStore store, IOptions<SpecOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _loaded;

    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                await registry.LoadAsync(options.Value.Directory, cancellationToken);
                models.Load(await store.ListModelTransitionsAsync(cancellationToken));
                _loaded = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds what the store holds of every model (what the other replicas' shards learned) to the models here.</summary>
    public async Task RefreshModelsAsync(CancellationToken cancellationToken) =>
        models.Load(await store.ListModelTransitionsAsync(cancellationToken));

    /// <summary>Takes up the specification <paramref name="name"/> as stored (registered or replaced on another replica).</summary>
    /// <returns>False when the store has no readable specification of that name.</returns>
    public Task<bool> RefreshSpecificationAsync(string name, CancellationToken cancellationToken) => registry.RefreshAsync(name, cancellationToken);
}
