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
    public async Task<RuntimeRecord> PublishAsync(
        Guid gameId, EngineState state, Func<RuntimeRecord, DateTimeOffset, RuntimeRecord>? change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await snapshots.InsertAsync(
            new HealthSnapshot(Guid.NewGuid(), gameId, now, state.Turn, JsonSerializer.Serialize(state, PayloadJson)), cancellationToken);

        var standings = PlayerStandings.Match(state.Players, await playerMappings.ListAsync(gameId, cancellationToken));
        var stats = await playerStats.RecordAsync(gameId, standings, cancellationToken);

        var record = await records.UpdateAsync(
            gameId,
            current => (change?.Invoke(current, now) ?? current) with
            {
                CurrentTurn = state.Turn,
                EngineHealth = EngineHealthSummaries.Healthy,
                LastObservedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        await lobby.SnapshotUpdateAsync(record, stats, cancellationToken);
        return record;
    }
}
