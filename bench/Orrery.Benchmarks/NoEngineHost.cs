using Orrery.Engines;

namespace Orrery.Benchmarks;

/// <summary>
/// An engine host with no engines, for rigs whose games' engines are stubs: the operation workers (a shard participant
/// since the graceful hand-over) need a host to exist, and the turn path never calls it.
/// </summary>
internal sealed class NoEngineHost : IEngineHost
{
    public EngineHostInfo Info { get; } = new(EngineHostKinds.Process, "benchmark: no engines");

    public Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) => Task.FromResult(new EngineHostResources(null));

    public Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<EngineInstance>>([]);

    public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) => Task.FromResult<EngineInspection?>(null);

    public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveAsync(string engineId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
