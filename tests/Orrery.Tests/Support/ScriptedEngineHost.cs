using System.Collections.Concurrent;
using Orrery.Engines;
using Orrery.Errors;

namespace Orrery.Tests.Support;

/// <summary>
/// An in-process stand-in for the engine host and the engines it runs, whose behaviour each test scripts.
/// It fakes the engine port only; the real process and Docker hosts have their own contract suites.
/// </summary>
internal sealed class ScriptedEngineHost(TimeProvider time) : IEngineHost, IEngineClient
{
    private readonly ConcurrentDictionary<string, ScriptedEngine> _engines = new();

    /// <summary>Thrown by <see cref="RunAsync"/> when set (e.g. <c>image_unavailable</c>).</summary>
    public OrreryException? RunFailure { get; set; }

    /// <summary>Engines never answer <c>/healthz</c>.</summary>
    public bool NeverHealthy { get; set; }

    /// <summary>Engines exit right after starting, with this exit code.</summary>
    public int? ExitOnStart { get; set; }

    /// <summary>Init answers with this HTTP status instead of a state.</summary>
    public int? InitFailureStatus { get; set; }

    public IReadOnlyCollection<ScriptedEngine> Engines => _engines.Values.ToList();

    public IEnumerable<ScriptedEngine> Running => _engines.Values.Where(e => e.Running);

    public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken)
    {
        if (RunFailure is not null)
        {
            throw RunFailure;
        }
        var engine = new ScriptedEngine($"scripted-{Guid.NewGuid():N}", spec, time.GetUtcNow()) { Running = ExitOnStart is null, ExitCode = ExitOnStart };
        _engines[engine.Id] = engine;
        return Task.FromResult(engine.ToInstance());
    }

    public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_engines.TryGetValue(engineId, out var engine))
        {
            engine.Running = false;
            engine.ExitCode ??= 0;
        }
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string engineId, CancellationToken cancellationToken)
    {
        _engines.TryRemove(engineId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EngineInstance>>(_engines.Values.Select(e => e.ToInstance()).ToList());

    public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) =>
        Task.FromResult(_engines.TryGetValue(engineId, out var e)
            ? new EngineInspection(e.Id, e.Running, e.ExitCode, false, 0, e.StartedAt, null)
            : null);

    public Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken) =>
        Task.FromResult(!NeverHealthy && Find(endpoint) is { Running: true });

    public Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken)
    {
        var engine = Find(endpoint) ?? throw new EngineCallException("connection refused");
        if (InitFailureStatus is { } status)
        {
            throw new EngineCallException($"init answered {status}", status);
        }
        engine.Init = request;
        return Task.FromResult(engine.State());
    }

    public Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken) =>
        Task.FromResult((Find(endpoint) ?? throw new EngineCallException("connection refused")).State());

    public Task<EngineState> GenerateTurnAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var engine = Find(endpoint) ?? throw new EngineCallException("connection refused");
        engine.Turn++;
        return Task.FromResult(engine.State());
    }

    private ScriptedEngine? Find(Uri endpoint) => _engines.Values.FirstOrDefault(e => e.Endpoint == endpoint);
}
