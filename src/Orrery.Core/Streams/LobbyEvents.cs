using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Streams;

/// <summary>
/// The entries of <c>gm:lobby_events</c> (SPEC §6), field for field. Every value is a string, as on a Redis
/// stream; timestamps are Unix milliseconds.
/// </summary>
public static class LobbyEvents
{
    public const string RuntimeSnapshotUpdate = "runtime_snapshot_update";
    public const string RuntimeJobResult = "runtime_job_result";
    public const string GamePaused = "game_paused";
    public const string GameFinished = "game_finished";

    private static readonly JsonSerializerOptions StatsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Dictionary<string, string> SnapshotUpdate(RuntimeRecord record, IReadOnlyList<PlayerTurnStats> stats, DateTimeOffset at) => new()
    {
        ["event_type"] = RuntimeSnapshotUpdate,
        ["game_id"] = record.GameId.ToString("D"),
        ["current_turn"] = Number(record.CurrentTurn),
        ["runtime_status"] = WireNames<RuntimeStatus>.Name(record.Status),
        ["engine_health_summary"] = record.EngineHealth ?? string.Empty,
        ["player_turn_stats"] = JsonSerializer.Serialize(stats, StatsJson),
        ["occurred_at_ms"] = Milliseconds(at),
    };

    /// <summary>The outcome of an operation; published for every failed one (and reconcile removals).</summary>
    public static Dictionary<string, string> JobResult(Operation operation, DateTimeOffset at) => new()
    {
        ["event_type"] = RuntimeJobResult,
        ["game_id"] = operation.GameId.ToString("D"),
        ["op"] = WireNames<OperationKind>.Name(operation.Kind),
        ["status"] = WireNames<OperationStatus>.Name(operation.Status),
        ["error_code"] = operation.ErrorCode ?? string.Empty,
        ["message"] = operation.ErrorMessage ?? string.Empty,
        ["occurred_at_ms"] = Milliseconds(at),
    };

    /// <summary>
    /// What a reconcile pass did to a game (SPEC §7): op <c>reconcile</c>, and as the status the game's runtime status
    /// afterwards: <c>removed</c> for a game whose engine went missing, <c>stopped</c> or <c>removed</c> (unchanged) for
    /// a stopped game whose stray engine the pass took down.
    /// </summary>
    public static Dictionary<string, string> ReconcileResult(Guid gameId, RuntimeStatus status, string message, DateTimeOffset at) => new()
    {
        ["event_type"] = RuntimeJobResult,
        ["game_id"] = gameId.ToString("D"),
        ["op"] = WireNames<OperationKind>.Name(OperationKind.Reconcile),
        ["status"] = WireNames<RuntimeStatus>.Name(status),
        ["error_code"] = string.Empty,
        ["message"] = message,
        ["occurred_at_ms"] = Milliseconds(at),
    };

    public static Dictionary<string, string> Paused(Guid gameId, string reason, int currentTurn, DateTimeOffset at) =>
        GameEvent(GamePaused, gameId, reason, currentTurn, at);

    public static Dictionary<string, string> Finished(Guid gameId, string reason, int currentTurn, DateTimeOffset at) =>
        GameEvent(GameFinished, gameId, reason, currentTurn, at);

    private static Dictionary<string, string> GameEvent(string type, Guid gameId, string reason, int currentTurn, DateTimeOffset at) => new()
    {
        ["event_type"] = type,
        ["game_id"] = gameId.ToString("D"),
        ["reason"] = reason,
        ["current_turn"] = Number(currentTurn),
        ["occurred_at_ms"] = Milliseconds(at),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(DateTimeOffset at) => Number(at.ToUnixTimeMilliseconds());
}
