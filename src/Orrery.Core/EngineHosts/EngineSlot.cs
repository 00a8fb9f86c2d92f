namespace Orrery.EngineHosts;

/// <summary>
/// Room claimed on one host for one game's launch; disposing it gives the claim back (the engine, if it runs, is listed
/// by then).
/// </summary>
public sealed class EngineSlot : IAsyncDisposable
{
    private readonly EngineCapacity? _owner;
    private readonly Guid _gameId;
    private int _released;

    /// <param name="owner">Null for a claim that holds nothing (a single host without a capacity).</param>
    internal EngineSlot(EngineCapacity? owner, Guid gameId, string host)
    {
        _owner = owner;
        _gameId = gameId;
        Host = host;
    }

    /// <summary>The name of the host the engine is to run on (<see cref="Engines.EngineRunSpec.Host"/>).</summary>
    public string Host { get; }

    public ValueTask DisposeAsync() =>
        _owner is not null && Interlocked.Exchange(ref _released, 1) == 0 ? _owner.ReleaseAsync(_gameId) : ValueTask.CompletedTask;
}
