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

        [LoggerMessage(1204, LogLevel.Information, "Running again the {Op} {OperationId} of game {GameId} that the previous run left running")]
        public static partial void Resumed(ILogger logger, Guid operationId, string op, Guid gameId);

        [LoggerMessage(1205, LogLevel.Information, "Shutdown: the operations in flight finished")]
        public static partial void Drained(ILogger logger);

        [LoggerMessage(1206, LogLevel.Warning, "Shutdown: operations still in flight after {Deadline} are left to the next start ({Pending} unfinished)")]
        public static partial void DrainDeadlinePassed(ILogger logger, TimeSpan deadline, int pending);
    }
}
