using Microsoft.Extensions.Logging;

namespace Orrery.Reconcile;

public sealed partial class Reconciler
{
    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Information, "Game {GameId}: adopted running engine {EngineId} (record was {Status}) at turn {Turn}")]
        public static partial void Adopted(ILogger logger, Guid gameId, string engineId, string status, int turn);

        [LoggerMessage(7002, LogLevel.Warning, "Game {GameId}: engine {EngineId} missing in two passes in a row; marked removed (was {Status})")]
        public static partial void Removed(ILogger logger, Guid gameId, string? engineId, string status);

        [LoggerMessage(7003, LogLevel.Information, "Game {GameId}: its engine is missing; the game is marked removed if the next pass misses it too")]
        public static partial void EngineMissing(ILogger logger, Guid gameId);

        [LoggerMessage(7004, LogLevel.Warning, "Game {GameId}: the engine did not answer its status (record {Status})")]
        public static partial void EngineUnreachable(ILogger logger, Guid gameId, string status);

        [LoggerMessage(7005, LogLevel.Debug, "Game {GameId}: status call to engine {EngineId} failed: {Reason}")]
        public static partial void StatusFailed(ILogger logger, Guid gameId, string engineId, string reason);

        [LoggerMessage(7006, LogLevel.Warning, "Game {GameId}: engine {EngineId} answers for game {OtherGameId}")]
        public static partial void WrongGame(ILogger logger, Guid gameId, string engineId, Guid otherGameId);

        [LoggerMessage(7007, LogLevel.Warning, "Orphan engine {EngineId} (game label {GameId}): no such game; removing it: {Removing}")]
        public static partial void Orphan(ILogger logger, string engineId, Guid? gameId, bool removing);

        [LoggerMessage(7008, LogLevel.Warning, "Game {GameId}: engine {EngineId} is a second engine of the game; left for a start or stop to remove")]
        public static partial void DuplicateEngine(ILogger logger, Guid? gameId, string engineId);

        [LoggerMessage(7009, LogLevel.Debug, "Game {GameId}: skipped, the record changed during the pass: {Reason}")]
        public static partial void RecordMovedOn(ILogger logger, Guid gameId, string reason);

        [LoggerMessage(7010, LogLevel.Error, "Reconcile of game {GameId} (engine {EngineId}, {Action}) failed")]
        public static partial void StepFailed(ILogger logger, Guid? gameId, string? engineId, ReconcileAction action, Exception exception);

        [LoggerMessage(7011, LogLevel.Warning, "Engine host {Host} did not answer the listing; its games are engine_unreachable, not removed: {Reason}")]
        public static partial void HostUnreachable(ILogger logger, string host, string reason);

        [LoggerMessage(9201, LogLevel.Warning, "Game {GameId}: engine {EngineId} runs although the game is {Status} (its last word was a stop); it is taken down if the next pass sees it too")]
        public static partial void StraySeen(ILogger logger, Guid gameId, string engineId, string status);

        [LoggerMessage(9202, LogLevel.Warning, "Game {GameId}: stray engine {EngineId} of a {Status} game ran in two passes in a row; stopped and removed")]
        public static partial void StrayRemoved(ILogger logger, Guid gameId, string engineId, string status);
    }
}
