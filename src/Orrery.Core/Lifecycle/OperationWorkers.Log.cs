using Microsoft.Extensions.Logging;

namespace Orrery.Lifecycle;

public sealed partial class OperationWorkers
{
    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Information, "Re-queued operation {OperationId} of game {GameId} left queued by the previous run")]
        public static partial void Requeued(ILogger logger, Guid operationId, Guid gameId);

        [LoggerMessage(1202, LogLevel.Warning, "Operation {OperationId} of game {GameId} was running when the node stopped; marked interrupted")]
        public static partial void Interrupted(ILogger logger, Guid operationId, Guid gameId);

        [LoggerMessage(1203, LogLevel.Error, "Worker could not record operation {OperationId}")]
        public static partial void WorkerFailed(ILogger logger, Guid operationId, Exception exception);
    }
}
