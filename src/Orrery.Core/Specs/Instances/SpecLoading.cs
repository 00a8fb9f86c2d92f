using Microsoft.Extensions.Options;

namespace Orrery.Specs.Instances;

/// <summary>
/// Reads the specifications (store, then <see cref="SpecOptions.Directory"/>) and the learned models once, before the
/// first shard starts, whichever comes first: the node's start, or the cluster handing the node a shard.
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
}
