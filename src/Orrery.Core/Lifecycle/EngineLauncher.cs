using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Health;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Snapshots;
using Orrery.Versions;

namespace Orrery.Lifecycle;

/// <summary>
/// The steps that bring a game's engine up, shared by start, restart and patch (SPEC §4): run the engine on
/// the game's state directory, record <c>starting</c>, wait for <c>/healthz</c>, then either initialise the
/// game or let the engine resume it from its state, record <c>running</c> and schedule its turns.
/// </summary>
public sealed partial class EngineLauncher(
    IStateDirectories stateDirectories,
    IEngineHost host,
    IEngineClient engines,
    RuntimeRecords records,
    SnapshotPublisher snapshots,
    EngineReadiness readiness,
    TurnScheduler scheduler,
    HealthEventPublisher health,
    TimeProvider time,
    ILogger<EngineLauncher> logger)
{
    /// <summary>Runs <paramref name="version"/> for <paramref name="game"/> and waits until it answers <c>/healthz</c>.</summary>
    /// <param name="hostName">The engine host the game's claim chose (<see cref="EngineHosts.EngineSlot.Host"/>).</param>
    public async Task<EngineInstance> LaunchAsync(Game game, EngineVersion version, string? hostName, CancellationToken cancellationToken)
    {
        var stateDirectory = await stateDirectories.EnsureAsync(game.Id, cancellationToken);
        var engine = await host.RunAsync(
            new EngineRunSpec(game.Id, version.Version.ToString(), version.ImageRef, stateDirectory, hostName), cancellationToken);
        await RecordStartingAsync(game, version, engine, cancellationToken);
        await CallEngineAsync(game.Id, () => readiness.WaitUntilHealthyAsync(engine, cancellationToken), "answer /healthz");
        return engine;
    }

    /// <summary>Records <c>starting</c> on an engine the game already has and that is up, instead of launching one.</summary>
    public Task TakeOverAsync(Game game, EngineVersion version, EngineInstance engine, CancellationToken cancellationToken) =>
        RecordStartingAsync(game, version, engine, cancellationToken);

    /// <summary>
    /// Completes a start on an engine that already plays the game (SPEC §4: a start finding the game's engine
    /// running adopts it): <c>running</c>, scheduled, a snapshot of where the engine is.
    /// </summary>
    public async Task<OperationOutcome> AdoptAsync(
        Game game, EngineVersion version, EngineInstance engine, EngineState state, CancellationToken cancellationToken)
    {
        if ((await records.GetFreshAsync(game.Id, cancellationToken))?.Status != RuntimeStatus.Running)
        {
            await RecordStartingAsync(game, version, engine, cancellationToken);
        }
        return await GoOnlineAsync(game, version, engine, state, cancellationToken);
    }

    /// <summary>Initialises the game in the engine with its races (start and restart).</summary>
    public async Task<OperationOutcome> InitialiseAsync(
        Game game, EngineVersion version, EngineInstance engine, IReadOnlyList<PlayerMapping> players, CancellationToken cancellationToken)
    {
        var init = new EngineInitRequest(game.Id, players.Select(p => new EngineInitRace(p.RaceName, p.EnginePlayerId)).ToList());
        var state = await CallEngineAsync(game.Id, () => engines.InitAsync(engine.Endpoint, init, cancellationToken), "initialise the game", InitRefusal);
        return await GoOnlineAsync(game, version, engine, state, cancellationToken);
    }

    /// <summary>Lets the engine carry on from its state directory, with no init (patch).</summary>
    public async Task<OperationOutcome> ResumeAsync(Game game, EngineVersion version, EngineInstance engine, CancellationToken cancellationToken)
    {
        var state = await CallEngineAsync(game.Id, () => engines.GetStatusAsync(engine.Endpoint, cancellationToken), "resume the game from its state");
        return await GoOnlineAsync(game, version, engine, state, cancellationToken);
    }

    private async Task<OperationOutcome> GoOnlineAsync(
        Game game, EngineVersion version, EngineInstance engine, EngineState state, CancellationToken cancellationToken)
    {
        if (state.GameId != game.Id)
        {
            await MarkUnreachableAsync(game.Id);
            throw new OrreryException(ErrorCodes.EngineStartFailed, $"The engine holds game {state.GameId} instead of {game.Id}.");
        }

        // A relaunched game keeps its place on the clock; a new one waits for its first slot. An adopted game
        // may already be running.
        var record = await snapshots.PublishAsync(
            game.Id,
            state,
            RuntimeChanges.EngineReady,
            cancellationToken);
        scheduler.Track(record);
        await health.PublishAsync(game.Id, engine.Id, HealthEventType.ContainerStarted, null, cancellationToken);
        Log.Started(logger, game.Id, version.Version.ToString(), engine.Endpoint, state.Turn);
        return new OperationOutcome(version.ImageRef, engine.Id);
    }

    private async Task RecordStartingAsync(Game game, EngineVersion version, EngineInstance engine, CancellationToken cancellationToken)
    {
        var stateDirectory = await stateDirectories.EnsureAsync(game.Id, cancellationToken);
        var now = time.GetUtcNow();
        await records.UpsertAsync(
            game.Id,
            current => RuntimeChanges.Launch(
                current, game.Id, game.TurnSchedule, new LaunchedEngine(engine, version.ImageRef, version.Version.ToString(), stateDirectory), now),
            cancellationToken);
    }

    /// <summary>
    /// Runs one engine call of the start sequence; if it fails the runtime becomes <c>engine_unreachable</c>
    /// before the error propagates, so the record never claims an engine is starting when it is not (the table's only
    /// way out of <c>starting</c> short of running). The operation fails with <c>engine_unreachable</c> unless
    /// <paramref name="refusal"/> names the engine's answer more precisely.
    /// </summary>
    private async Task<T> CallEngineAsync<T>(Guid gameId, Func<Task<T>> call, string what, Func<EngineCallException, OrreryException?>? refusal = null)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is EngineCallException or OrreryException)
        {
            Log.StartFailed(logger, gameId, what, ex.Message);
            await MarkUnreachableAsync(gameId);
            throw ex switch
            {
                OrreryException orrery => orrery,
                EngineCallException answered when refusal?.Invoke(answered) is { } refused => refused,
                _ => new OrreryException(ErrorCodes.EngineUnreachable, $"The engine did not {what}: {ex.Message}", ex),
            };
        }
    }

    /// <summary>
    /// An init the engine answered and refused (SPEC §12): 409, its state directory holds another game; 400, it found
    /// the request invalid. Running it again changes nothing, unlike a call that got no answer.
    /// </summary>
    private static OrreryException? InitRefusal(EngineCallException ex) => ex.StatusCode switch
    {
        409 => new OrreryException(ErrorCodes.EngineRejectedInit,
            $"The engine refused to initialise the game (409): its state directory holds another game. {ex.Message}", ex),
        400 => new OrreryException(ErrorCodes.EngineRejectedInit,
            $"The engine refused to initialise the game (400): it found the request invalid. {ex.Message}", ex),
        _ => null,
    };

    private Task MarkUnreachableAsync(Guid gameId) => records.UpdateAsync(
        gameId,
        r => RuntimeChanges.Unreachable(r, time.GetUtcNow()),
        CancellationToken.None);
}
