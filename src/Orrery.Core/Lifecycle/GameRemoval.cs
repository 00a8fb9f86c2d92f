using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Sessions;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Lifecycle;

/// <summary>
/// Deletes a game (SPEC §11 <c>DELETE /games/{id}</c>): lets its queued operations finish, stops it through a
/// regular stop operation if it still has an engine, then deletes the game, its runtime, mappings, snapshots
/// and stats, and its state directory. The operation log keeps the game's history.
/// </summary>
public sealed partial class GameRemoval(
    IGameStore games,
    OperationQueue queue,
    OperationJournal journal,
    LifecycleService lifecycle,
    RuntimeRecords records,
    TurnScheduler scheduler,
    LobbyEventPublisher lobby,
    IStateDirectories stateDirectories,
    GameChanges changes,
    ILogger<GameRemoval> logger)
{
    /// <exception cref="OrreryException"><c>not_found</c> for an unknown game; the stop's error code if the stop fails.</exception>
    public async Task DeleteAsync(Guid gameId, OperationSource source, CancellationToken cancellationToken)
    {
        lifecycle.EnsureAccepting();
        if (await games.GetAsync(gameId, cancellationToken) is null)
        {
            throw OrreryException.NotFound($"Game {gameId} is not registered.");
        }

        foreach (var pending in queue.Pending(gameId))
        {
            await journal.WaitUntilEndedAsync(pending.Id, cancellationToken);
        }

        var current = await records.GetFreshAsync(gameId, cancellationToken);
        if (current is not null && RuntimeTransitions.IsAllowed(current.Status, RuntimeStatus.Stopped))
        {
            var stop = await lifecycle.StopAsync(gameId, source, idempotencyKey: null, cancellationToken);
            var ended = await journal.WaitUntilEndedAsync(stop.Id, cancellationToken);
            if (ended.Status == OperationStatus.Failed)
            {
                throw new OrreryException(ended.ErrorCode ?? ErrorCodes.InternalError,
                    $"Game {gameId} was not deleted: its stop failed: {ended.ErrorMessage}") { OperationId = ended.Id };
            }
        }

        await scheduler.SuspendAsync(gameId);
        await games.DeleteAsync(gameId, cancellationToken);
        records.Forget(gameId);
        changes.Deleted(gameId); // its live session sends `finished` (deleted) and closes
        await lobby.ForgetAsync(gameId, cancellationToken); // a game registered again under this id starts its record versions over
        await stateDirectories.DeleteAsync(gameId, cancellationToken);
        Log.Deleted(logger, gameId);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.GameRemoval.Deleted, LogLevel.Information, "Game {GameId} deleted")]
        public static partial void Deleted(ILogger logger, Guid gameId);
    }
}
