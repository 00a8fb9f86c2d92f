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
/// <remarks>
/// Snapshot updates of one game never go back: the turn runner and the health consumer each publish after their
/// own write, so without care a consumer's update of turn 3 could land after the runner's update of turn 4. Updates
/// are appended one batch at a time, and a record older than (or as old as) the last one published for its game is
/// left out: the newer update already told the lobby everything it says.
/// </remarks>
public sealed partial class LobbyEventPublisher(
    IEventStream stream,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<LobbyEventOptions> options,
    ILogger<LobbyEventPublisher> logger) : IDisposable
{
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private readonly Dictionary<Guid, long> _publishedVersions = [];

    /// <returns>True when the event was appended, or left out because a newer one was.</returns>
    public Task<bool> SnapshotUpdateAsync(RuntimeRecord record, IReadOnlyList<PlayerTurnStats> stats, CancellationToken cancellationToken) =>
        SnapshotUpdatesAsync([(record, stats)], cancellationToken);

    /// <summary>Several snapshot updates in one append (the health consumer's batches).</summary>
    /// <returns>True when they were all appended (or left out because newer ones were).</returns>
    public async Task<bool> SnapshotUpdatesAsync(
        IReadOnlyList<(RuntimeRecord Record, IReadOnlyList<PlayerTurnStats> Stats)> updates, CancellationToken cancellationToken)
    {
        await _snapshotGate.WaitAsync(cancellationToken);
        try
        {
            var fresh = updates.Where(u => u.Record.Version > _publishedVersions.GetValueOrDefault(u.Record.GameId)).ToList();
            if (fresh.Count == 0)
            {
                return true;
            }
            var now = time.GetUtcNow();
            await stream.AppendManyAsync(
                StreamNames.LobbyEvents,
                fresh.Select(u => (IReadOnlyDictionary<string, string>)LobbyEvents.SnapshotUpdate(u.Record, u.Stats, now)).ToList(),
                options.Value.MaxLength,
                cancellationToken);
            fresh.ForEach(u => _publishedVersions[u.Record.GameId] = u.Record.Version);
            metrics.LobbyEventsPublished.Add(fresh.Count, new KeyValuePair<string, object?>("event_type", LobbyEvents.RuntimeSnapshotUpdate));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.LobbyEventsFailed.Add(updates.Count, new KeyValuePair<string, object?>("event_type", LobbyEvents.RuntimeSnapshotUpdate));
            Log.PublishFailed(logger, LobbyEvents.RuntimeSnapshotUpdate, updates.Count == 1 ? updates[0].Record.GameId.ToString() : $"{updates.Count} games", ex);
            return false;
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    /// <summary>Forgets what was published of a deleted game.</summary>
    public async Task ForgetAsync(Guid gameId, CancellationToken cancellationToken)
    {
        await _snapshotGate.WaitAsync(cancellationToken);
        try
        {
            _publishedVersions.Remove(gameId);
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    public void Dispose() => _snapshotGate.Dispose();

    public Task<bool> JobResultAsync(Operation operation, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.JobResult(operation, time.GetUtcNow()), cancellationToken);

    public Task<bool> ReconcileResultAsync(Guid gameId, RuntimeStatus status, string message, CancellationToken cancellationToken) =>
        AppendAsync(LobbyEvents.ReconcileResult(gameId, status, message, time.GetUtcNow()), cancellationToken);

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
            metrics.LobbyEventsPublished.Add(1, new KeyValuePair<string, object?>("event_type", type));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.LobbyEventsFailed.Add(1, new KeyValuePair<string, object?>("event_type", type));
            Log.PublishFailed(logger, type, fields["game_id"], ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.LobbyEventPublisher.PublishFailed, LogLevel.Error, "Could not publish lobby event {EventType} of game {GameId}")]
        public static partial void PublishFailed(ILogger logger, string eventType, string gameId, Exception exception);
    }
}
