using Microsoft.Extensions.Logging;

namespace Orrery.Lifecycle;

public sealed partial class OperationRunner
{
    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Warning, "Operation {OperationId} ({Op}) of game {GameId} failed with {ErrorCode}: {Reason}")]
        public static partial void OperationFailed(ILogger logger, Guid operationId, string op, Guid gameId, string errorCode, string reason, Exception? exception);
    }
}
