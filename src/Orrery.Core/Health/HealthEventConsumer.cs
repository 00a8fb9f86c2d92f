using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
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
/// Entries come in batches from an <see cref="IHealthEventFeed"/>: after a stored offset on a single node, or as a
/// member of a consumer group when replicas share the stream. A batch's events are folded per game, in stream
/// order, into one compare-and-swap per game, all in one store write. Entries that can never apply
/// (undecodable, unknown type, unknown game, or about an engine the game no longer runs) are counted, logged and
/// skipped; a batch that fails because the store or the stream is down is retried, the same batch, after a backoff,
/// never skipped. The feed is told a batch is done only once it was applied. Re-applying a batch is harmless: the
/// summary is the same and a status change finds its source status gone (docs/decisions.md, "Health events across
/// replicas").
/// </remarks>
public sealed partial class HealthEventConsumer(
    IHealthEventFeed feed,
    RuntimeRecords records,
    IPlayerStatsStore playerStats,
    LobbyEventPublisher lobby,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<HealthConsumerOptions> options,
    ILogger<HealthEventConsumer> logger,
    IGameOwnership? ownership = null,
    IHealthEventForwarder? forwarder = null) : BackgroundService
{
    // The summary last published per game, so an unchanged summary is not published again. Kept only after a
    // successful publish; empty after a restart, so each game's first event publishes once.
    private readonly ConcurrentDictionary<Guid, string> _lastPublished = new();

    /// <summary>Reads, applies and acknowledges one batch. Returns how many entries it consumed (0 when none came).</summary>
    /// <exception cref="Exception">The store or the stream failed; the batch was not acknowledged and comes again.</exception>
    public async Task<int> ProcessNextBatchAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var entries = await feed.NextBatchAsync(options.Value.BatchSize, wait, cancellationToken);
        if (entries.Count == 0)
        {
            return 0;
        }

        var byGame = Decode(entries);
        await ForwardOthersAsync(byGame, cancellationToken);
        await ApplyAsync(byGame, cancellationToken);
        await feed.AcknowledgeAsync(entries, cancellationToken);
        metrics.HealthEventsConsumed.Add(entries.Count, new KeyValuePair<string, object?>("consumer", options.Value.Consumer));
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

    /// <summary>Applies events forwarded by another replica's consumer about games this replica owns.</summary>
    /// <exception cref="OwnershipLostException">
    /// This replica no longer owns the game (the fenced write refuses it): the sender retries, and reaches the new owner.
    /// </exception>
    public Task ApplyForwardedAsync(Guid gameId, IReadOnlyList<HealthEventEntry> events, CancellationToken cancellationToken) =>
        ApplyAsync(new Dictionary<Guid, List<(string EntryId, HealthEvent Event)>> { [gameId] = [.. events.Select(e => (e.EntryId, e.Event))] }, cancellationToken);

    /// <summary>Hands the events of games other replicas own to their owners and takes them out of the batch.</summary>
    private async Task ForwardOthersAsync(Dictionary<Guid, List<(string EntryId, HealthEvent Event)>> byGame, CancellationToken cancellationToken)
    {
        if (ownership is null || forwarder is null)
        {
            return;
        }
        foreach (var gameId in byGame.Keys.Where(id => !ownership.Owns(id)).ToList())
        {
            await forwarder.ForwardAsync(gameId, [.. byGame[gameId].Select(e => new HealthEventEntry(e.EntryId, e.Event))], cancellationToken);
            byGame.Remove(gameId);
        }
    }

    /// <summary>The batch's valid events grouped by game, each group in stream order; the rest counted and logged.</summary>
    private Dictionary<Guid, List<(string EntryId, HealthEvent Event)>> Decode(IReadOnlyList<StreamEntry> entries)
    {
        var byGame = new Dictionary<Guid, List<(string, HealthEvent)>>();
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
            events.Add((entry.Id, healthEvent));
        }
        return byGame;
    }

    /// <summary>Every game's events folded into one CAS per game, all in one batch write; then the lobby is told.</summary>
    private async Task ApplyAsync(Dictionary<Guid, List<(string EntryId, HealthEvent Event)>> byGame, CancellationToken cancellationToken)
    {
        var befores = new Dictionary<Guid, RuntimeRecord>(byGame.Count);
        var changes = new List<(Guid, Func<RuntimeRecord, RuntimeRecord>)>(byGame.Count);
        foreach (var (gameId, events) in byGame)
        {
            if (await records.GetAsync(gameId, cancellationToken) is not { } before)
            {
                events.ForEach(e => Skipped(e.EntryId, HealthEventSkip.UnknownGame));
                continue;
            }
            befores[gameId] = before;
            changes.Add((gameId, current => events.Aggregate(current, (record, e) => RuntimeChanges.ApplyHealthEvent(record, e.Event, time.GetUtcNow()))));
        }

        var afters = await records.UpdateManyAsync(changes, cancellationToken);
        var changed = new List<RuntimeRecord>();
        for (var i = 0; i < changes.Count; i++)
        {
            var gameId = changes[i].Item1;
            if (afters[i] is not { } after)
            {
                byGame[gameId].ForEach(e => Skipped(e.EntryId, HealthEventSkip.UnknownGame)); // deleted meanwhile
            }
            else
            {
                // The write left the engine id as it was, so the events the fold passed over are the stale ones.
                var stale = byGame[gameId].Where(e => HealthEventRules.IsStale(after, e.Event)).ToList();
                stale.ForEach(e => Skipped(e.EntryId, HealthEventSkip.StaleEngine));
                var applied = stale.Count < byGame[gameId].Count;
                if (applied && (after.Status != befores[gameId].Status || _lastPublished.GetValueOrDefault(gameId) != after.EngineHealth))
                {
                    changed.Add(after);
                }
            }
        }
        await PublishAsync(changed, cancellationToken);
    }

    /// <summary>One snapshot update per changed game, in one append; what was published is remembered only once it was.</summary>
    private async Task PublishAsync(List<RuntimeRecord> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }
        var stats = await playerStats.ListManyAsync(changed.Select(r => r.GameId).ToList(), cancellationToken);
        if (await lobby.SnapshotUpdatesAsync(changed.Select(r => (r, stats[r.GameId])).ToList(), cancellationToken))
        {
            changed.ForEach(r => _lastPublished[r.GameId] = r.EngineHealth ?? string.Empty);
        }
    }

    private void Skipped(string entryId, HealthEventSkip reason)
    {
        var name = WireNames<HealthEventSkip>.Name(reason);
        metrics.HealthEventsSkipped.Add(1, new KeyValuePair<string, object?>("reason", name));
        Log.EntrySkipped(logger, entryId, name);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.HealthEventConsumer.EntrySkipped, LogLevel.Warning, "Skipped runtime:health_events entry {EntryId}: {Reason}")]
        public static partial void EntrySkipped(ILogger logger, string entryId, string reason);

        [LoggerMessage(LogEventIds.HealthEventConsumer.BatchFailed, LogLevel.Error, "A batch of runtime:health_events could not be applied; retrying it in {Delay}")]
        public static partial void BatchFailed(ILogger logger, TimeSpan delay, Exception exception);
    }
}
