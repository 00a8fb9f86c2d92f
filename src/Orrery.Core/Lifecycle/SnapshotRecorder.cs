using System.Text.Json;
using Orrery.Engines;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>Keeps what an engine reported: a snapshot row, then the runtime record's turn and health.</summary>
public sealed class SnapshotRecorder(IHealthSnapshotStore snapshots, RuntimeRecords records, TimeProvider time)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public async Task<RuntimeRecord> RecordAsync(Guid gameId, EngineState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(state, PayloadJson);
        await snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), gameId, now, state.Turn, payload), cancellationToken);
        return await records.UpdateAsync(
            gameId,
            current => current with { CurrentTurn = state.Turn, EngineHealth = EngineHealthSummaries.Healthy, LastObservedAt = now, UpdatedAt = now },
            cancellationToken);
    }
}
