using System.Text.Json;
using Orrery.Engines;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Snapshots;

/// <summary>
/// Keeps what an engine reported (SPEC §5): a snapshot row, each player's standing with its true maxima, the
/// runtime record's turn and health, and a <c>runtime_snapshot_update</c> for the lobby.
/// </summary>
public sealed class SnapshotPublisher(
    IHealthSnapshotStore snapshots,
    IPlayerMappingStore playerMappings,
    IPlayerStatsStore playerStats,
    RuntimeRecords records,
    LobbyEventPublisher lobby,
    TimeProvider time)
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
        var stats = await RecordAsync(gameId, state, now, cancellationToken);
        var record = await records.UpdateAsync(gameId, Refresh(state, change, now), cancellationToken);
        await lobby.SnapshotUpdateAsync(record, stats, cancellationToken);
        return record;
    }

    /// <summary>
    /// Records several engines' states at once (turns that ended together): each snapshot and its stats, then
    /// every record's compare-and-swap in one batch write and every lobby update in one append.
    /// </summary>
    /// <returns>Per update, the record afterwards; null when the game has no record or its change refused.</returns>
    public async Task<IReadOnlyList<RuntimeRecord?>> PublishManyAsync(IReadOnlyList<SnapshotUpdate> updates, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stats = new IReadOnlyList<PlayerTurnStats>[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            stats[i] = await RecordAsync(updates[i].GameId, updates[i].State, now, cancellationToken);
        }
        var saved = await records.UpdateManyAsync([.. updates.Select(u => (u.GameId, Refresh(u.State, u.Change, now)))], cancellationToken);
        var published = new List<(RuntimeRecord, IReadOnlyList<PlayerTurnStats>)>(saved.Count);
        for (var i = 0; i < saved.Count; i++)
        {
            if (saved[i] is { } record)
            {
                published.Add((record, stats[i]));
            }
        }
        await lobby.SnapshotUpdatesAsync(published, cancellationToken);
        return saved;
    }

    /// <summary>The snapshot row and the players' standings with their maxima.</summary>
    private async Task<IReadOnlyList<PlayerTurnStats>> RecordAsync(Guid gameId, EngineState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await snapshots.InsertAsync(
            new HealthSnapshot(Guid.NewGuid(), gameId, now, state.Turn, JsonSerializer.Serialize(state, PayloadJson)), cancellationToken);
        var standings = PlayerStandings.Match(state.Players, await playerMappings.ListAsync(gameId, cancellationToken));
        return await playerStats.RecordAsync(gameId, standings, cancellationToken);
    }

    /// <summary>The record as the snapshot leaves it: the engine's turn, healthy, observed now, after <paramref name="change"/>.</summary>
    private static Func<RuntimeRecord, RuntimeRecord> Refresh(EngineState state, Func<RuntimeRecord, DateTimeOffset, RuntimeRecord>? change, DateTimeOffset now) =>
        current => (change?.Invoke(current, now) ?? current) with
        {
            CurrentTurn = state.Turn,
            EngineHealth = EngineHealthSummaries.Healthy,
            LastObservedAt = now,
            UpdatedAt = now,
        };
}

/// <summary>What one engine reported, and the status change it completes (null: none).</summary>
public sealed record SnapshotUpdate(Guid GameId, EngineState State, Func<RuntimeRecord, DateTimeOffset, RuntimeRecord>? Change);
