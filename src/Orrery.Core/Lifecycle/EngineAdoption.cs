using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Versions;

namespace Orrery.Lifecycle;

/// <summary>
/// Keeps a game at one engine (issue 6): before a start launches anything, it looks for an engine the game
/// already has (left by a start that a crash interrupted, or adopted by the reconciler meanwhile) and reuses it
/// when it answers; every other engine of the game is stopped and removed.
/// </summary>
public sealed partial class EngineAdoption(
    IEngineHost host,
    IEngineClient engines,
    EngineReadiness readiness,
    EngineStopper stopper,
    ILogger<EngineAdoption> logger)
{
    /// <summary>
    /// The game's engine that can be reused, or null once every engine of the game is gone. The recorded engine
    /// is preferred, then the newest one.
    /// </summary>
    /// <param name="version">The version the start runs: an engine of another version is replaced, not adopted.</param>
    public async Task<ReusableEngine?> FindAsync(Game game, EngineVersion version, string? recordedEngineId, CancellationToken cancellationToken)
    {
        var candidates = (await host.ListAsync(cancellationToken)).Where(e => e.GameId == game.Id || e.Id == recordedEngineId).ToList();
        var versionName = version.Version.ToString();
        var reusable = await ProbeAsync(
            game,
            candidates
                .Where(e => e.Running && e.EngineVersion == versionName)
                .OrderByDescending(e => e.Id == recordedEngineId)
                .ThenByDescending(e => e.StartedAt)
                .FirstOrDefault(),
            cancellationToken);

        foreach (var engine in candidates.Where(e => e.Id != reusable?.Engine.Id))
        {
            await stopper.RemoveEngineAsync(game.Id, engine.Id, cancellationToken);
        }
        return reusable;
    }

    /// <summary>
    /// An engine that answers and holds this game with the game's races (or no game yet) can be reused; any
    /// other answer, or none, means it goes.
    /// </summary>
    private async Task<ReusableEngine?> ProbeAsync(Game game, EngineInstance? engine, CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return null;
        }
        try
        {
            await readiness.WaitUntilHealthyAsync(engine, cancellationToken);
            var state = await engines.GetStatusAsync(engine.Endpoint, cancellationToken);
            if (state.GameId == game.Id && PlayerMapping.FromEngine(game, state) is { } players)
            {
                Log.Adopting(logger, game.Id, engine.Id, state.Turn);
                return new ReusableEngine(engine, state, players);
            }
            Log.NotReusable(logger, game.Id, engine.Id, "it holds another game or other races");
            return null;
        }
        catch (EngineCallException ex) when (ex.StatusCode == 501)
        {
            Log.Reusing(logger, game.Id, engine.Id);
            return new ReusableEngine(engine, null, null); // up, but the crash came before its init
        }
        catch (Exception ex) when (ex is EngineCallException or OrreryException)
        {
            Log.NotReusable(logger, game.Id, engine.Id, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.EngineAdoption.Adopting, LogLevel.Information, "Game {GameId}: adopting its running engine {EngineId} at turn {Turn} instead of launching another")]
        public static partial void Adopting(ILogger logger, Guid gameId, string engineId, int turn);

        [LoggerMessage(LogEventIds.EngineAdoption.Reusing, LogLevel.Information, "Game {GameId}: reusing its engine {EngineId}, which is up but not yet initialised")]
        public static partial void Reusing(ILogger logger, Guid gameId, string engineId);

        [LoggerMessage(LogEventIds.EngineAdoption.NotReusable, LogLevel.Information, "Game {GameId}: engine {EngineId} cannot be reused ({Reason}); it is replaced")]
        public static partial void NotReusable(ILogger logger, Guid gameId, string engineId, string reason);
    }
}

/// <summary>An engine a start reuses.</summary>
/// <param name="State">The game it plays, or null when it is not initialised yet.</param>
/// <param name="Players">The player mappings that match its races; null when it is not initialised yet.</param>
public sealed record ReusableEngine(EngineInstance Engine, EngineState? State, IReadOnlyList<PlayerMapping>? Players);
