using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle;

/// <summary>
/// Brings a game's engine up (SPEC §4 start): validate, map players, run the engine, wait for
/// <c>/healthz</c>, initialise it with the races, and mark the runtime <c>running</c>.
/// </summary>
public sealed partial class EngineLauncher(
    IGameStore games,
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    IStateDirectories stateDirectories,
    IEngineHost host,
    IEngineClient engines,
    RuntimeRecords records,
    SnapshotRecorder snapshots,
    EngineReadiness readiness,
    TimeProvider time,
    IOptions<LifecycleOptions> options,
    ILogger<EngineLauncher> logger)
{
    public async Task<OperationOutcome> StartAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var game = await games.GetAsync(gameId, cancellationToken)
            ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
        if (game.Memberships.Count == 0)
        {
            throw OrreryException.InvalidInput($"Game {gameId} has no memberships.");
        }
        var version = await versions.ResolveRunnableAsync(game.TargetEngineVersion, cancellationToken);

        var current = await records.GetFreshAsync(gameId, cancellationToken);
        if (!RuntimeTransitions.CanLaunch(current?.Status))
        {
            throw OrreryException.InvalidTransition(
                $"Game {gameId} is {WireNames<RuntimeStatus>.Name(current!.Status)}; stop it before starting it again.");
        }

        await RemoveLeftoverEnginesAsync(gameId, cancellationToken);

        var mappings = game.Memberships
            .Select(m => new PlayerMapping(gameId, m.UserId, m.RaceName, Guid.NewGuid()))
            .ToList();
        await playerMappings.ReplaceAsync(gameId, mappings, cancellationToken);

        var engine = await LaunchAsync(game, version, cancellationToken);

        var init = new EngineInitRequest(gameId, mappings.Select(m => new EngineInitRace(m.RaceName, m.EnginePlayerId)).ToList());
        var state = await CallEngineAsync(gameId, () => engines.InitAsync(engine.Endpoint, init, cancellationToken), "initialise");
        if (state.GameId != gameId)
        {
            throw new OrreryException(ErrorCodes.EngineStartFailed, $"The engine initialised game {state.GameId} instead of {gameId}.");
        }

        await records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.Running, time.GetUtcNow()), cancellationToken);
        await snapshots.RecordAsync(gameId, state, cancellationToken);
        Log.Started(logger, gameId, version.Version.ToString(), engine.Endpoint);
        return new OperationOutcome(version.ImageRef, engine.Id);
    }

    /// <summary>Runs the engine, records <c>starting</c>, and waits until it answers <c>/healthz</c>.</summary>
    private async Task<EngineInstance> LaunchAsync(Game game, EngineVersion version, CancellationToken cancellationToken)
    {
        var stateDirectory = await stateDirectories.EnsureAsync(game.Id, cancellationToken);
        var engine = await host.RunAsync(
            new EngineRunSpec(game.Id, version.Version.ToString(), version.ImageRef, stateDirectory), cancellationToken);

        var now = time.GetUtcNow();
        await records.UpsertAsync(
            game.Id,
            current => (current?.TransitionTo(RuntimeStatus.Starting, now) ?? RuntimeRecord.NewStarting(game.Id, game.TurnSchedule, now)) with
            {
                EngineId = engine.Id,
                ImageRef = version.ImageRef,
                EngineVersion = version.Version.ToString(),
                EngineEndpoint = engine.Endpoint.ToString(),
                StatePath = stateDirectory,
                TurnSchedule = game.TurnSchedule,
                EngineHealth = null,
                StartedAt = engine.StartedAt,
                StoppedAt = null,
                FinishedAt = null,
            },
            cancellationToken);

        await CallEngineAsync(game.Id, () => readiness.WaitUntilHealthyAsync(engine, cancellationToken), "answer /healthz");
        return engine;
    }

    /// <summary>
    /// Runs one engine call of the start sequence; if it fails the runtime becomes <c>engine_unreachable</c>
    /// before the error propagates, so the record never claims an engine is starting when it is not.
    /// </summary>
    private async Task<T> CallEngineAsync<T>(Guid gameId, Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is EngineCallException or OrreryException)
        {
            Log.StartFailed(logger, gameId, what, ex.Message);
            await records.UpdateAsync(
                gameId,
                r => r.TransitionTo(RuntimeStatus.EngineUnreachable, time.GetUtcNow()) with { EngineHealth = EngineHealthSummaries.Unreachable },
                CancellationToken.None);
            throw ex as OrreryException ?? new OrreryException(ErrorCodes.EngineUnreachable, $"The engine did not {what}: {ex.Message}", ex);
        }
    }

    /// <summary>A start expects no engine; one left by an interrupted attempt is stopped so a game never has two.</summary>
    private async Task RemoveLeftoverEnginesAsync(Guid gameId, CancellationToken cancellationToken)
    {
        foreach (var leftover in (await host.ListAsync(cancellationToken)).Where(e => e.GameId == gameId))
        {
            Log.RemovingLeftover(logger, gameId, leftover.Id);
            await host.StopAsync(leftover.Id, options.Value.StopGracePeriod, cancellationToken);
            await host.RemoveAsync(leftover.Id, cancellationToken);
        }
    }
}
