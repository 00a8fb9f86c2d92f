using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Streams;

/// <summary>
/// Appends lobby events to <c>gm:lobby_events</c>. A failed append is logged and counted but never fails the
/// work that produced the event: the operation log and the runtime record stay the source of truth.
/// </summary>
public sealed partial class LobbyEventPublisher(
    IEventStream stream,
    TimeProvider time,
    IOptions<LobbyEventOptions> options,
    ILogger<LobbyEventPublisher> logger)
{
    /// <returns>True when the event was appended.</returns>
    public Task<bool> SnapshotUpdateAsync(RuntimeRecord record, IReadOnlyList<PlayerTurnStats> stats, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.SnapshotUpdate(record, stats, time.GetUtcNow()), cancellationToken);

    /// <summary>Several snapshot updates in one append (the health consumer's batches).</summary>
    /// <returns>True when they were all appended.</returns>
    public async Task<bool> SnapshotUpdatesAsync(
        IReadOnlyList<(RuntimeRecord Record, IReadOnlyList<PlayerTurnStats> Stats)> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return true;
        }
        var now = time.GetUtcNow();
        try
        {
            await stream.AppendManyAsync(
                StreamNames.LobbyEvents,
                updates.Select(u => (IReadOnlyDictionary<string, string>)LobbyEvents.SnapshotUpdate(u.Record, u.Stats, now)).ToList(),
                options.Value.MaxLength,
                cancellationToken);
            OrreryTelemetry.LobbyEventsPublished.Add(updates.Count, new KeyValuePair<string, object?>("event_type", LobbyEvents.RuntimeSnapshotUpdate));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            OrreryTelemetry.LobbyEventsFailed.Add(updates.Count, new KeyValuePair<string, object?>("event_type", LobbyEvents.RuntimeSnapshotUpdate));
            Log.PublishFailed(logger, LobbyEvents.RuntimeSnapshotUpdate, $"{updates.Count} games", ex);
            return false;
        }
    }

    public Task<bool> JobResultAsync(Operation operation, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.JobResult(operation, time.GetUtcNow()), cancellationToken);

    public Task<bool> GamePausedAsync(Guid gameId, string reason, int currentTurn, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.Paused(gameId, reason, currentTurn, time.GetUtcNow()), cancellationToken);

    public Task<bool> GameFinishedAsync(Guid gameId, string reason, int currentTurn, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.Finished(gameId, reason, currentTurn, time.GetUtcNow()), cancellationToken);

    private async Task<bool> AppendAsync(Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var type = fields["event_type"];
        try
        {
            await stream.AppendAsync(StreamNames.LobbyEvents, fields, options.Value.MaxLength, cancellationToken);
            OrreryTelemetry.LobbyEventsPublished.Add(1, new KeyValuePair<string, object?>("event_type", type));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            OrreryTelemetry.LobbyEventsFailed.Add(1, new KeyValuePair<string, object?>("event_type", type));
            Log.PublishFailed(logger, type, fields["game_id"], ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Error, "Could not publish lobby event {EventType} of game {GameId}")]
        public static partial void PublishFailed(ILogger logger, string eventType, string gameId, Exception exception);
    }
}
