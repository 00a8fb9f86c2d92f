using System.Text.Json;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Sessions;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Snapshots;

/// <summary>
/// Keeps what an engine reported (SPEC §5): a snapshot row, each player's standing with its true maxima, the
/// runtime record's turn and health, and a <c>runtime_snapshot_update</c> for the lobby; the game's live session hears
/// of it through <see cref="GameChanges"/> (a turn's result when the turn moved).
/// </summary>
public sealed class SnapshotPublisher(
    IHealthSnapshotStore snapshots,
    IPlayerMappingStore playerMappings,
    IPlayerStatsStore playerStats,
    RuntimeRecords records,
    LobbyEventPublisher lobby,
    TimeProvider time,
    GameChanges gameChanges)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Records <paramref name="state"/>. <paramref name="change"/> applies the status change the snapshot
    /// completes (a start reaching <c>running</c>, a turn ending) in the same compare-and-swap write.
    /// </summary>
    /// <exception cref="Errors.OrreryException">Whatever <paramref name="change"/> throws; <c>not_found</c> without a record.</exception>
    public async Task<RuntimeRecord> PublishAsync(
        Guid gameId, EngineState state, Func<RuntimeRecord, DateTimeOffset, RuntimeRecord>? change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var update = new SnapshotUpdate(gameId, state, change);
        var stats = await RecordAsync([update], now, cancellationToken);
        RuntimeRecord record;
        try
        {
            record = await records.UpdateAsync(gameId, Refresh(update, now), cancellationToken);
        }
        catch (OrreryException)
        {
            await snapshots.DeleteManyAsync([update.SnapshotId], CancellationToken.None);
            throw;
        }
        gameChanges.SnapshotRecorded(record, stats[0]);
        await lobby.SnapshotUpdateAsync(record, stats[0], cancellationToken);
        return record;
    }

    /// <summary>
    /// Records several engines' states at once (turns that ended together, a reconcile pass's refreshes): every
    /// snapshot row in one insert, the players' mappings in one read and their stats in one write, every record's
    /// compare-and-swap in one batch and every lobby update in one append.
    /// </summary>
    /// <remarks>
    /// A state that tells nothing the record does not say already (same turn, healthy, no status change: an idle
    /// game seen again by the reconciler) only moves the record's <c>last_observed_at</c>: no snapshot row, no
    /// stats, no lobby update (docs/decisions.md). Safe to repeat after a failure part way: each update's snapshot
    /// has its own id, stored once, and stats are folded idempotently. The snapshot of an update whose record write
    /// refused (a stale observation) is taken back.
    /// </remarks>
    /// <returns>Per update, the record afterwards; null when the game has no record or its change refused.</returns>
    public async Task<IReadOnlyList<RuntimeRecord?>> PublishManyAsync(IReadOnlyList<SnapshotUpdate> updates, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changes = new (Guid GameId, Func<RuntimeRecord, RuntimeRecord> Change)[updates.Count];
        var news = new List<int>(updates.Count);
        for (var i = 0; i < updates.Count; i++)
        {
            var refresh = Refresh(updates[i], now);
            if (await records.GetAsync(updates[i].GameId, cancellationToken) is { } current && ObservationOnly(current, refresh))
            {
                changes[i] = (updates[i].GameId, Observed(refresh, now));
                continue;
            }
            changes[i] = (updates[i].GameId, refresh);
            news.Add(i);
        }

        var stats = await RecordAsync([.. news.Select(i => updates[i])], now, cancellationToken);
        var saved = await records.UpdateManyAsync(changes, cancellationToken);
        var published = new List<(RuntimeRecord, IReadOnlyList<PlayerTurnStats>)>(news.Count);
        var refused = new List<Guid>();
        for (var j = 0; j < news.Count; j++)
        {
            if (saved[news[j]] is { } record)
            {
                gameChanges.SnapshotRecorded(record, stats[j]);
                published.Add((record, stats[j]));
            }
            else
            {
                refused.Add(updates[news[j]].SnapshotId);
            }
        }
        // A stale observation (a turn recorded between the engine's answer and this write) must not stay in the history.
        await snapshots.DeleteManyAsync(refused, CancellationToken.None);
        await lobby.SnapshotUpdatesAsync(published, cancellationToken);
        return saved;
    }

    /// <summary>The snapshot rows and the players' standings with their maxima, of several games at once.</summary>
    /// <returns>Per update, its players' stats (empty for a game deleted meanwhile: nothing is written for it).</returns>
    private async Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordAsync(
        IReadOnlyList<SnapshotUpdate> updates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return [];
        }
        await snapshots.InsertManyAsync(
            [.. updates.Select(u => new HealthSnapshot(u.SnapshotId, u.GameId, now, u.State.Turn, JsonSerializer.Serialize(u.State, PayloadJson)))],
            cancellationToken);
        var mappings = await playerMappings.ListManyAsync([.. updates.Select(u => u.GameId)], cancellationToken);
        return await playerStats.RecordManyAsync(
            [.. updates.Select(u => (u.GameId, PlayerStandings.Match(u.State.Players, mappings[u.GameId])))], cancellationToken);
    }

    /// <summary>The record as the snapshot leaves it: the engine's turn, healthy, observed now, after the update's change.</summary>
    private static Func<RuntimeRecord, RuntimeRecord> Refresh(SnapshotUpdate update, DateTimeOffset now) =>
        current => RuntimeChanges.Observed(update.Change?.Invoke(current, now) ?? current, update.State.Turn, now);

    /// <summary>True when <paramref name="refresh"/> would change nothing of <paramref name="current"/> but when it was observed.</summary>
    private static bool ObservationOnly(RuntimeRecord current, Func<RuntimeRecord, RuntimeRecord> refresh)
    {
        try
        {
            return refresh(current) with { LastObservedAt = current.LastObservedAt, UpdatedAt = current.UpdatedAt } == current;
        }
        catch (OrreryException)
        {
            return false; // a refused change: the record's own write refuses it and says so
        }
    }

    /// <summary>
    /// Moves only the observation time. A record that changed since the state was classified (a health event, a
    /// turn) refuses: the snapshot would now tell something new, and the next observation records it in full.
    /// </summary>
    private static Func<RuntimeRecord, RuntimeRecord> Observed(Func<RuntimeRecord, RuntimeRecord> refresh, DateTimeOffset now) =>
        current => ObservationOnly(current, refresh)
            ? current with { LastObservedAt = now, UpdatedAt = now }
            : throw OrreryException.Conflict($"Game {current.GameId} changed since its engine was observed.");
}

/// <summary>What one engine reported, and the status change it completes (null: none).</summary>
public sealed record SnapshotUpdate(Guid GameId, EngineState State, Func<RuntimeRecord, DateTimeOffset, RuntimeRecord>? Change)
{
    /// <summary>The snapshot row's id, fixed with the observation, so a batch written again after a failure stores it once.</summary>
    public Guid SnapshotId { get; } = Guid.NewGuid();
}
