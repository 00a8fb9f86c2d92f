using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Lifecycle;

public sealed partial class OperationRunner
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.OperationRunner.OperationFailed, LogLevel.Warning, "Operation {OperationId} ({Op}) of game {GameId} failed with {ErrorCode}: {Reason}")]
        public static partial void OperationFailed(ILogger logger, Guid operationId, string op, Guid gameId, string errorCode, string reason, Exception? exception);
    }
}
