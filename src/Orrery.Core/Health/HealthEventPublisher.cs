using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Streams;

namespace Orrery.Health;

/// <summary>
/// Writes observations to <c>runtime:health_events</c>. A failed append is logged and counted: the monitor
/// observes again at its next check, so a lost observation is repeated rather than the monitor stopping.
/// </summary>
public sealed partial class HealthEventPublisher(
    IEventStream stream,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<HealthMonitorOptions> options,
    ILogger<HealthEventPublisher> logger)
{
    /// <returns>True when the event was appended.</returns>
    public async Task<bool> PublishAsync(Guid gameId, string engineId, HealthEventType type, string? details, CancellationToken cancellationToken)
    {
        var typeName = WireNames<HealthEventType>.Name(type);
        try
        {
            await stream.AppendAsync(
                StreamNames.HealthEvents,
                HealthEventCodec.Encode(new HealthEvent(gameId, engineId, type, time.GetUtcNow(), details)),
                options.Value.StreamMaxLength,
                cancellationToken);
            metrics.HealthEventsProduced.Add(1, new KeyValuePair<string, object?>("event_type", typeName));
            Log.Published(logger, typeName, gameId, engineId);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PublishFailed(logger, typeName, gameId, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.HealthEventPublisher.Published, LogLevel.Information, "Health event {EventType} for game {GameId} (engine {EngineId})")]
        public static partial void Published(ILogger logger, string eventType, Guid gameId, string engineId);

        [LoggerMessage(LogEventIds.HealthEventPublisher.PublishFailed, LogLevel.Error, "Could not publish health event {EventType} for game {GameId}")]
        public static partial void PublishFailed(ILogger logger, string eventType, Guid gameId, Exception exception);
    }
}
