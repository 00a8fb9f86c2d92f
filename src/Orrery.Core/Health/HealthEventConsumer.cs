using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Health;

/// <summary>
/// Applies <c>runtime:health_events</c> to runtime records (SPEC §6) and tells the lobby what changed.
/// </summary>
/// <remarks>
/// Entries are read in batches after the stored offset. A batch's events are folded per game, in stream order,
/// into one compare-and-swap per game. Entries that can never apply (undecodable, unknown type, unknown game)
/// are counted, logged and skipped; a batch that fails because the store or the stream is down is retried
/// from the same offset after a backoff, never skipped. Re-applying a batch is harmless: the summary is the
/// same and a status change finds its source status gone. The offset advances only past applied batches.
/// </remarks>
public sealed partial class HealthEventConsumer(
    IEventStream stream,
    RuntimeRecords records,
    IPlayerStatsStore playerStats,
    LobbyEventPublisher lobby,
    TimeProvider time,
    IOptions<HealthConsumerOptions> options,
    ILogger<HealthEventConsumer> logger) : BackgroundService
{
    // The summary last published per game, so an unchanged summary is not published again. Kept only after a
    // successful publish; empty after a restart, so each game's first event publishes once.
    private readonly ConcurrentDictionary<Guid, string> _lastPublished = new();

    /// <summary>Reads, applies and acknowledges one batch. Returns how many entries it consumed (0 when none came).</summary>
    /// <exception cref="Exception">The store or the stream failed; nothing past the stored offset was acknowledged.</exception>
    public async Task<int> ProcessNextBatchAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var offset = await stream.GetOffsetAsync(StreamNames.HealthEvents, settings.Label, cancellationToken);
        var entries = await stream.ReadAsync(StreamNames.HealthEvents, offset, settings.BatchSize, wait, cancellationToken);
        if (entries.Count == 0)
        {
            return 0;
        }

        foreach (var (gameId, events) in Decode(entries))
        {
            await ApplyAsync(gameId, events, cancellationToken);
        }
        await stream.SaveOffsetAsync(StreamNames.HealthEvents, settings.Label, entries[^1].Id, cancellationToken);
        OrreryTelemetry.HealthEventsConsumed.Add(entries.Count);
        return entries.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.Value.RetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProcessNextBatchAsync(options.Value.ReadWait, stoppingToken);
                delay = options.Value.RetryDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BatchFailed(logger, delay, ex);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>The batch's valid events grouped by game, each group in stream order; the rest counted and logged.</summary>
    private Dictionary<Guid, List<HealthEvent>> Decode(IReadOnlyList<StreamEntry> entries)
    {
        var byGame = new Dictionary<Guid, List<HealthEvent>>();
        foreach (var entry in entries)
        {
            if (!HealthEventCodec.TryDecode(entry.Fields, out var healthEvent, out var skip))
            {
                Skipped(entry.Id, skip);
                continue;
            }
            if (!byGame.TryGetValue(healthEvent.GameId, out var events))
            {
                byGame[healthEvent.GameId] = events = [];
            }
            events.Add(healthEvent);
        }
        return byGame;
    }

    private async Task ApplyAsync(Guid gameId, List<HealthEvent> events, CancellationToken cancellationToken)
    {
        var before = await records.GetAsync(gameId, cancellationToken);
        if (before is null)
        {
            foreach (var _ in events)
            {
                Skipped(gameId.ToString(), HealthEventSkip.UnknownGame);
            }
            return;
        }

        RuntimeRecord after;
        try
        {
            after = await records.UpdateAsync(
                gameId,
                current => events.Aggregate(current, (record, e) => HealthEventRules.Apply(record, e.Type, time.GetUtcNow())),
                cancellationToken);
        }
        catch (OrreryException ex) when (ex.Code == ErrorCodes.NotFound)
        {
            Skipped(gameId.ToString(), HealthEventSkip.UnknownGame); // deleted meanwhile
            return;
        }

        var summary = after.EngineHealth ?? string.Empty;
        var statusChanged = after.Status != before.Status;
        if (!statusChanged && _lastPublished.TryGetValue(gameId, out var published) && published == summary)
        {
            return;
        }
        var stats = await playerStats.ListAsync(gameId, cancellationToken);
        if (await lobby.SnapshotUpdateAsync(after, stats, cancellationToken))
        {
            _lastPublished[gameId] = summary;
        }
    }

    private void Skipped(string entryId, HealthEventSkip reason)
    {
        var name = WireNames<HealthEventSkip>.Name(reason);
        OrreryTelemetry.HealthEventsSkipped.Add(1, new KeyValuePair<string, object?>("reason", name));
        Log.EntrySkipped(logger, entryId, name);
    }

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Warning, "Skipped runtime:health_events entry {EntryId}: {Reason}")]
        public static partial void EntrySkipped(ILogger logger, string entryId, string reason);

        [LoggerMessage(5202, LogLevel.Error, "A batch of runtime:health_events could not be applied; retrying from the same offset in {Delay}")]
        public static partial void BatchFailed(ILogger logger, TimeSpan delay, Exception exception);
    }
}
