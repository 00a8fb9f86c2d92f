using Orrery.Engines;

namespace Orrery.Core.Tests.Fakes;

/// <summary>An engine host that only lists what a test puts in it; running or stopping engines is not its job.</summary>
internal sealed class ListedEngineHost : IEngineHost
{
    private readonly Lock _lock = new();
    private readonly List<EngineInstance> _engines = [];

    public EngineHostInfo Info { get; } = new(EngineHostKinds.Docker, "unix:///run/test.sock");

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

    public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveAsync(string engineId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
