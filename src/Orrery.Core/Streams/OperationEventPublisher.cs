using Microsoft.Extensions.Logging;
using Orrery.Observability;
using Orrery.Operations;

namespace Orrery.Streams;

/// <summary>
/// Appends <see cref="OperationEvents"/>. Like lobby events, a failed append is logged and never fails the
/// operation: the operation log stays the source of truth and the dashboard re-reads it.
/// </summary>
public sealed partial class OperationEventPublisher(IEventStream stream, TimeProvider time, ILogger<OperationEventPublisher> logger)
{
    public async Task ChangedAsync(Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            await stream.AppendAsync(OperationEvents.Stream, OperationEvents.Changed(operation, time.GetUtcNow()), OperationEvents.MaxLength, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PublishFailed(logger, operation.Id, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.OperationEventPublisher.PublishFailed, LogLevel.Warning, "Could not publish the change of operation {OperationId} to the live feed")]
        public static partial void PublishFailed(ILogger logger, Guid operationId, Exception exception);
    }
}
