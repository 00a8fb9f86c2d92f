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
    private readonly ConcurrentDictionary<string, ScriptedGame> _games = new();
    private int _turnCalls;
    private int _turnsPlayed;

    public EngineHostInfo Info { get; set; } = new(EngineHostKinds.Process, "scripted engines");

    /// <summary>What <see cref="GetResourcesAsync"/> reports.</summary>
    public EngineHostResources Resources { get; set; } = new(null);

    /// <summary>The memory limit of engines run from now on; null: none.</summary>
    public long? EngineMemoryLimitBytes { get; set; }

    /// <summary>The network engines run from now on report; <c>host</c>, like the process host's.</summary>
    public string? EngineNetwork { get; set; } = EngineInstance.HostNetwork;

    /// <summary>Thrown by <see cref="ListAsync"/> and <see cref="GetResourcesAsync"/> when set, as by a host that cannot be reached.</summary>
    public Exception? Unreachable { get; set; }

    /// <summary>Thrown by <see cref="RunAsync"/> when set (e.g. <c>image_unavailable</c>).</summary>
    public OrreryException? RunFailure { get; set; }

    /// <summary>Engines never answer <c>/healthz</c>.</summary>
    public bool NeverHealthy { get; set; }

    /// <summary>Engines exit right after starting, with this exit code.</summary>
    public int? ExitOnStart { get; set; }

    /// <summary>Init answers with this HTTP status instead of a state.</summary>
    public int? InitFailureStatus { get; set; }

    /// <summary>Turn calls answer with this HTTP status instead of a state.</summary>
    public int? TurnFailureStatus { get; set; }

    /// <summary>When set, a status call to an engine for which it returns an exception throws it instead of answering.</summary>
    public Func<ScriptedEngine, Exception?>? StatusFault { get; set; }

    /// <summary>
    /// Turn calls generate the turn, then throw this instead of answering: an <see cref="EngineCallException"/> is an
    /// answer lost on the way back; any other exception stands for the node failing after the engine played (its
    /// store unreachable when it records the turn).
    /// </summary>
    public Exception? LosesTurnAnswer { get; set; }

    /// <summary>The game finishes when it reaches this turn.</summary>
    public int? FinishAtTurn { get; set; }

    /// <summary>When set, turn calls wait for it before generating (to hold a turn in flight).</summary>
    public TaskCompletionSource? TurnGate { get; set; }

    /// <summary>Turn calls received, generated or not.</summary>
    public int TurnCalls => Volatile.Read(ref _turnCalls);

    /// <summary>Turns the engines generated.</summary>
    public int TurnsPlayed => Volatile.Read(ref _turnsPlayed);

    /// <summary>Engines ignore <c>expectedTurn</c>, like an engine that does not know the fencing token.</summary>
    public bool IgnoresExpectedTurn { get; set; }

    public IReadOnlyCollection<ScriptedEngine> Engines => _engines.Values.ToList();

    public IEnumerable<ScriptedEngine> Running => _engines.Values.Where(e => e.Running);

    /// <summary>The game kept in a state directory (created empty on first use).</summary>
    public ScriptedGame GameIn(string stateDirectory, Guid gameId) => _games.GetOrAdd(stateDirectory, _ => new ScriptedGame(gameId));

    /// <summary>The game of the engine currently running for <paramref name="gameId"/>.</summary>
    public ScriptedGame GameOf(Guid gameId) => EngineOf(gameId).Game;

    /// <summary>The engine currently running for <paramref name="gameId"/>.</summary>
    public ScriptedEngine EngineOf(Guid gameId) => Running.Single(e => e.Spec.GameId == gameId);

    public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken)
    {
        if (RunFailure is not null)
        {
            throw RunFailure;
        }
        var engine = new ScriptedEngine($"scripted-{Guid.NewGuid():N}", spec, time.GetUtcNow(), GameIn(spec.StateDirectory, spec.GameId))
        {
            Running = ExitOnStart is null,
            ExitCode = ExitOnStart,
            MemoryLimitBytes = EngineMemoryLimitBytes,
            Network = EngineNetwork,
        };
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
        Unreachable is { } unreachable
            ? Task.FromException<IReadOnlyList<EngineInstance>>(unreachable)
            : Task.FromResult<IReadOnlyList<EngineInstance>>(_engines.Values.Select(e => e.ToInstance()).ToList());

    public Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) =>
        Unreachable is { } unreachable ? Task.FromException<EngineHostResources>(unreachable) : Task.FromResult(Resources);

    public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) =>
        Task.FromResult(_engines.TryGetValue(engineId, out var e)
            ? new EngineInspection(e.Id, e.Running, e.ExitCode, e.OomKilled, e.RestartCount, e.StartedAt, null, e.HealthCheck)
            : null);

    public Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken) =>
        Task.FromResult(!NeverHealthy && Find(endpoint) is { Running: true });

    /// <summary>Like the reference engine: initialising the game a state directory already holds returns it unchanged.</summary>
    public Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken)
    {
        var engine = Reachable(endpoint);
        if (InitFailureStatus is { } status)
        {
            throw new EngineCallException($"init answered {status}", status);
        }
        engine.Init = request;
        if (engine.Game.Races is null)
        {
            engine.Game.Races = request.Races;
        }
        else if (engine.Game.GameId != request.GameId)
        {
            throw new EngineCallException("init answered 409: the state directory holds another game", 409);
        }
        return Task.FromResult(engine.Game.State());
    }

    public Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var engine = Reachable(endpoint);
        if (StatusFault?.Invoke(engine) is { } fault)
        {
            throw fault;
        }
        return engine.Game.Races is null
            ? throw new EngineCallException("status answered 501: not initialised", 501)
            : Task.FromResult(engine.Game.State());
    }

    /// <summary>Like the reference engine: the turn is generated only for <paramref name="gameId"/> at <paramref name="expectedTurn"/>.</summary>
    public async Task<EngineState> GenerateTurnAsync(Uri endpoint, Guid gameId, int expectedTurn, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _turnCalls);
        var engine = Reachable(endpoint);
        if (TurnGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (TurnFailureStatus is { } status)
        {
            throw new EngineCallException($"turn answered {status}", status);
        }
        var game = engine.Game;
        lock (game)
        {
            if (game.GameId != gameId)
            {
                throw new EngineCallException($"turn answered 409 [conflict]: this engine holds game {game.GameId}, not {gameId}", 409);
            }
            if (!IgnoresExpectedTurn && game.Turn != expectedTurn)
            {
                throw new EngineTurnMismatchException(
                    $"turn answered 409 [turn_mismatch]: the game is at turn {game.Turn}, not {expectedTurn}", expectedTurn, game.Turn);
            }
            if (game.Finished)
            {
                throw new EngineCallException("turn answered 409: the game is finished", 409);
            }
            game.Turn++;
            Interlocked.Increment(ref _turnsPlayed);
            game.Finished = game.Turn >= FinishAtTurn;
            return LosesTurnAnswer is { } lost ? throw lost : game.State();
        }
    }

    private ScriptedEngine Reachable(Uri endpoint) =>
        _engines.Values.FirstOrDefault(e => e.Endpoint == endpoint && e.Running) ?? throw new EngineCallException("connection refused");

    private ScriptedEngine? Find(Uri endpoint) => _engines.Values.FirstOrDefault(e => e.Endpoint == endpoint);
}
