using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Reconcile;

public sealed partial class Reconciler
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.Reconciler.Adopted, LogLevel.Information, "Game {GameId}: adopted running engine {EngineId} (record was {Status}) at turn {Turn}")]
        public static partial void Adopted(ILogger logger, Guid gameId, string engineId, string status, int turn);

        [LoggerMessage(LogEventIds.Reconciler.Removed, LogLevel.Warning, "Game {GameId}: engine {EngineId} missing in two passes in a row; marked removed (was {Status})")]
        public static partial void Removed(ILogger logger, Guid gameId, string? engineId, string status);

        [LoggerMessage(LogEventIds.Reconciler.EngineMissing, LogLevel.Information, "Game {GameId}: its engine is missing; the game is marked removed if the next pass misses it too")]
        public static partial void EngineMissing(ILogger logger, Guid gameId);

        [LoggerMessage(LogEventIds.Reconciler.EngineUnreachable, LogLevel.Warning, "Game {GameId}: the engine did not answer its status (record {Status})")]
        public static partial void EngineUnreachable(ILogger logger, Guid gameId, string status);

        [LoggerMessage(LogEventIds.Reconciler.StatusFailed, LogLevel.Debug, "Game {GameId}: status call to engine {EngineId} failed: {Reason}")]
        public static partial void StatusFailed(ILogger logger, Guid gameId, string engineId, string reason);

        [LoggerMessage(LogEventIds.Reconciler.WrongGame, LogLevel.Warning, "Game {GameId}: engine {EngineId} answers for game {OtherGameId}")]
        public static partial void WrongGame(ILogger logger, Guid gameId, string engineId, Guid otherGameId);

        [LoggerMessage(LogEventIds.Reconciler.Orphan, LogLevel.Warning, "Orphan engine {EngineId} (game label {GameId}): no such game; removing it: {Removing}")]
        public static partial void Orphan(ILogger logger, string engineId, Guid? gameId, bool removing);

        [LoggerMessage(LogEventIds.Reconciler.DuplicateEngine, LogLevel.Warning, "Game {GameId}: engine {EngineId} is a second engine of the game; left for a start or stop to remove")]
        public static partial void DuplicateEngine(ILogger logger, Guid? gameId, string engineId);

        [LoggerMessage(LogEventIds.Reconciler.RecordMovedOn, LogLevel.Debug, "Game {GameId}: skipped, the record changed during the pass: {Reason}")]
        public static partial void RecordMovedOn(ILogger logger, Guid gameId, string reason);

        [LoggerMessage(LogEventIds.Reconciler.StepFailed, LogLevel.Error, "Reconcile of game {GameId} (engine {EngineId}, {Action}) failed")]
        public static partial void StepFailed(ILogger logger, Guid? gameId, string? engineId, ReconcileAction action, Exception exception);

        [LoggerMessage(LogEventIds.Reconciler.HostUnreachable, LogLevel.Warning, "Engine host {Host} did not answer the listing; its games are engine_unreachable, not removed: {Reason}")]
        public static partial void HostUnreachable(ILogger logger, string host, string reason);

        [LoggerMessage(LogEventIds.Reconciler.StraySeen, LogLevel.Warning, "Game {GameId}: engine {EngineId} runs although the game is {Status} (its last word was a stop); it is taken down if the next pass sees it too")]
        public static partial void StraySeen(ILogger logger, Guid gameId, string engineId, string status);

        [LoggerMessage(LogEventIds.Reconciler.StrayRemoved, LogLevel.Warning, "Game {GameId}: stray engine {EngineId} of a {Status} game ran in two passes in a row; stopped and removed")]
        public static partial void StrayRemoved(ILogger logger, Guid gameId, string engineId, string status);
    }
}
