using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Sessions;

public sealed partial class LiveSessions
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.LiveSessions.Restarting, LogLevel.Information, "Session pool {PoolId}: restarting {Sessions} sessions from its persisted state")]
        public static partial void Restarting(ILogger logger, string poolId, int sessions);

        [LoggerMessage(LogEventIds.LiveSessions.RestartFailed, LogLevel.Error, "Session pool {PoolId}: its persisted state could not be read or deleted; its sessions start again when clients reconnect")]
        public static partial void RestartFailed(ILogger logger, string poolId, Exception exception);

        [LoggerMessage(LogEventIds.LiveSessions.StateNotDeleted, LogLevel.Warning, "Live sessions: the state of this node's pools could not all be deleted on stopping")]
        public static partial void StateNotDeleted(ILogger logger, Exception exception);
    }
}
