using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Sessions;

internal sealed partial class SessionPool
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.SessionPool.Started, LogLevel.Information, "Game {GameId}: live session {SessionId} started in pool {PoolId} in {Milliseconds} ms")]
        public static partial void Started(ILogger logger, Guid gameId, string sessionId, string poolId, double milliseconds);

        [LoggerMessage(LogEventIds.SessionPool.SlowStart, LogLevel.Warning, "Game {GameId}: slow live session start in pool {PoolId}: {Milliseconds} ms")]
        public static partial void SlowStart(ILogger logger, Guid gameId, string poolId, double milliseconds);

        [LoggerMessage(LogEventIds.SessionPool.StartFailed, LogLevel.Error, "Game {GameId}: live session start in pool {PoolId} failed; rolled back [{Undone}]: {Reason}")]
        public static partial void StartFailed(ILogger logger, Guid gameId, string poolId, string undone, string reason, Exception exception);

        [LoggerMessage(LogEventIds.SessionPool.UndoFailed, LogLevel.Error, "Game {GameId}: undoing step {Step} of a failed live session start in pool {PoolId} failed")]
        public static partial void UndoFailed(ILogger logger, Guid gameId, string poolId, string step, Exception exception);

        [LoggerMessage(LogEventIds.SessionPool.Stopped, LogLevel.Information, "Game {GameId}: live session {SessionId} in pool {PoolId} stopped ({Reason})")]
        public static partial void Stopped(ILogger logger, Guid gameId, string sessionId, string poolId, string reason);

        [LoggerMessage(LogEventIds.SessionPool.StateNotSaved, LogLevel.Warning, "Session pool {PoolId}: its state could not be saved or deleted")]
        public static partial void StateNotSaved(ILogger logger, string poolId, Exception exception);

        [LoggerMessage(LogEventIds.SessionPool.MailboxAboveThreshold, LogLevel.Warning, "Session pool {PoolId}: {Depth} work items queued, above the threshold of {Threshold}")]
        public static partial void MailboxAboveThreshold(ILogger logger, string poolId, int depth, int threshold);

        [LoggerMessage(LogEventIds.SessionPool.Crashed, LogLevel.Error, "Session pool {PoolId} crashed with {Sessions} sessions; restarting it from its persisted state")]
        public static partial void Crashed(ILogger logger, string poolId, int sessions, Exception exception);

        [LoggerMessage(LogEventIds.SessionPool.PoolStopped, LogLevel.Information, "Session pool {PoolId} stopped")]
        public static partial void PoolStopped(ILogger logger, string poolId);
    }
}
