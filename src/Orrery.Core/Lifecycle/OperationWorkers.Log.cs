using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Lifecycle;

public sealed partial class OperationWorkers
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.OperationWorkers.Requeued, LogLevel.Information, "Re-queued operation {OperationId} of game {GameId} left queued by the previous run")]
        public static partial void Requeued(ILogger logger, Guid operationId, Guid gameId);

        [LoggerMessage(LogEventIds.OperationWorkers.Interrupted, LogLevel.Warning, "Operation {OperationId} of game {GameId} was running when the node stopped; marked interrupted")]
        public static partial void Interrupted(ILogger logger, Guid operationId, Guid gameId);

        [LoggerMessage(LogEventIds.OperationWorkers.WorkerFailed, LogLevel.Error, "Worker could not record operation {OperationId}")]
        public static partial void WorkerFailed(ILogger logger, Guid operationId, Exception exception);

        [LoggerMessage(LogEventIds.OperationWorkers.Resumed, LogLevel.Information, "Running again the {Op} {OperationId} of game {GameId} that the previous run left running")]
        public static partial void Resumed(ILogger logger, Guid operationId, string op, Guid gameId);

        [LoggerMessage(LogEventIds.OperationWorkers.Drained, LogLevel.Information, "Shutdown: the operations in flight finished")]
        public static partial void Drained(ILogger logger);

        [LoggerMessage(LogEventIds.OperationWorkers.DrainDeadlinePassed, LogLevel.Warning, "Shutdown: operations still in flight after {Deadline} are left to the next start ({Pending} unfinished)")]
        public static partial void DrainDeadlinePassed(ILogger logger, TimeSpan deadline, int pending);
    }
}
