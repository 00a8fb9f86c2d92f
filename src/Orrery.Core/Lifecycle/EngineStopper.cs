using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Scheduling;

namespace Orrery.Lifecycle;

/// <summary>
/// Takes a game's engine down, shared by stop, restart and patch (SPEC §4): no more turns (waiting for one in
/// flight), every engine of the game stopped with a grace period and removed, and <c>stopped</c> recorded
/// when the game had a status that can stop.
/// </summary>
public sealed partial class EngineStopper(
    IEngineHost host,
    RuntimeRecords records,
    TurnScheduler scheduler,
    TimeProvider time,
    IOptions<LifecycleOptions> options,
    ILogger<EngineStopper> logger)
{
    /// <param name="leaveClock">
    /// True for a stop: the game gives up its next turn. Restart and patch keep it, so the game resumes its
    /// schedule where it was.
    /// </param>
    /// <returns>The runtime record afterwards, or null when the game has none.</returns>
    public async Task<RuntimeRecord?> TakeDownAsync(Guid gameId, bool leaveClock, CancellationToken cancellationToken)
    {
        await scheduler.SuspendAsync(gameId);
        var current = await records.GetFreshAsync(gameId, cancellationToken);
        await RemoveEnginesAsync(gameId, current?.EngineId, cancellationToken);
        if (current is null || !RuntimeTransitions.IsAllowed(current.Status, RuntimeStatus.Stopped))
        {
            return current;
        }
        return await records.UpdateAsync(
            gameId,
            r => RuntimeChanges.Stop(r, leaveClock, time.GetUtcNow()),
            cancellationToken);
    }

    /// <summary>
    /// Stops and removes every engine of the game, not only the recorded one: an interrupted start may have
    /// left another, and a game must never have two.
    /// </summary>
    public async Task RemoveEnginesAsync(Guid gameId, string? recordedEngineId, CancellationToken cancellationToken)
    {
        var engineIds = (await host.ListAsync(cancellationToken))
            .Where(e => e.GameId == gameId)
            .Select(e => e.Id)
            .Append(recordedEngineId)
            .OfType<string>()
            .Distinct();
        foreach (var engineId in engineIds)
        {
            await RemoveEngineAsync(gameId, engineId, cancellationToken);
        }
    }

    /// <summary>Stops one engine with the grace period and removes it (an orphan has no game).</summary>
    public async Task RemoveEngineAsync(Guid? gameId, string engineId, CancellationToken cancellationToken)
    {
        Log.RemovingEngine(logger, gameId, engineId);
        await host.StopAsync(engineId, options.Value.StopGracePeriod, cancellationToken);
        await host.RemoveAsync(engineId, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.EngineStopper.RemovingEngine, LogLevel.Debug, "Game {GameId}: stopping and removing engine {EngineId}")]
        public static partial void RemovingEngine(ILogger logger, Guid? gameId, string engineId);
    }
}
