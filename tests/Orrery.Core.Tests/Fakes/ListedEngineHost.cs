using Orrery.Engines;

namespace Orrery.Core.Tests.Fakes;

/// <summary>An engine host that only lists what a test puts in it; running or stopping engines is not its job.</summary>
internal sealed class ListedEngineHost : IEngineHost
{
    private readonly Lock _lock = new();
    private readonly List<EngineInstance> _engines = [];

    public EngineHostInfo Info { get; init; } = new(EngineHostKinds.Docker, "unix:///run/test.sock");

    /// <summary>The engine ids stop and remove were called with, in order.</summary>
    public List<string> Touched { get; } = [];

    public EngineHostResources Resources { get; set; } = new(null);

    /// <summary>Thrown by the listing and the resources when set, as by a daemon that does not answer.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, a listing is taken, then waits for it before answering (a slow daemon).</summary>
    public TaskCompletionSource? ListingGate { get; set; }

    public int Listings { get; private set; }

    public EngineInstance Add(Guid? gameId, bool running = true, long? memoryLimitBytes = null)
    {
        var engine = new EngineInstance(
            "engine-" + Guid.NewGuid().ToString("N")[..8], gameId, "1.0.0", new Uri("http://127.0.0.1:9/"), running, DateTimeOffset.UnixEpoch,
            "default", memoryLimitBytes);
        lock (_lock)
        {
            _engines.Add(engine);
        }
        return engine;
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken)
    {
        List<EngineInstance> listed;
        lock (_lock)
        {
            Listings++;
            listed = [.. _engines];
        }
        if (ListingGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        return Failure is { } failure ? throw failure : listed;
    }

    public Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException<EngineHostResources>(failure) : Task.FromResult(Resources);

    public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException<EngineInstance>(failure) : Task.FromResult(Add(spec.GameId));

    public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken) => Touch("stop " + engineId);

    public Task RemoveAsync(string engineId, CancellationToken cancellationToken) => Touch("remove " + engineId);

    public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            return Task.FromException<EngineInspection?>(failure);
        }
        lock (_lock)
        {
            return Task.FromResult(_engines.FirstOrDefault(e => e.Id == engineId) is { } engine
                ? new EngineInspection(engine.Id, engine.Running, null, false, 0, engine.StartedAt, null)
                : null);
        }
    }

    private Task Touch(string what)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }
        lock (_lock)
        {
            Touched.Add(what);
        }
        return Task.CompletedTask;
    }
}
