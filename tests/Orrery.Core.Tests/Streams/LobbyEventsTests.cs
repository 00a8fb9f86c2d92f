using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Streams;

namespace Orrery.Core.Tests.Streams;

/// <summary>The lobby's wire contract (SPEC §6): exactly these fields, all strings.</summary>
public sealed class LobbyEventsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
    private static readonly Guid GameId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void Snapshot_update_fields()
    {
        var record = RuntimeRecord.NewStarting(GameId, "* * * * *", At) with
        {
            Status = RuntimeStatus.Running,
            CurrentTurn = 7,
            EngineHealth = EngineHealthSummaries.Healthy,
        };
        var userId = Guid.NewGuid();
        var fields = LobbyEvents.SnapshotUpdate(record, [new PlayerTurnStats(userId, "Andorians", 3, 120, 5, 150)], At);

        fields.Keys.Order().ShouldBe(["current_turn", "engine_health_summary", "event_type", "game_id", "occurred_at_ms", "player_turn_stats", "runtime_status"]);
        fields["event_type"].ShouldBe("runtime_snapshot_update");
        fields["game_id"].ShouldBe("0f8fad5b-d9cb-469f-a165-70867728950e");
        fields["current_turn"].ShouldBe("7");
        fields["runtime_status"].ShouldBe("running");
        fields["engine_health_summary"].ShouldBe("healthy");
        fields["occurred_at_ms"].ShouldBe("1790000000123");
        fields["player_turn_stats"].ShouldBe(
            $$"""[{"user_id":"{{userId}}","race_name":"Andorians","current_planets":3,"current_population":120,"max_planets":5,"max_population":150}]""");
    }

    [Fact]
    public void Job_result_fields()
    {
        var operation = new Operation
        {
            Id = Guid.NewGuid(), GameId = GameId, Kind = OperationKind.ForceNextTurn, Source = OperationSource.Admin,
            Status = OperationStatus.Failed, ErrorCode = "conflict", ErrorMessage = "a turn is running", CreatedAt = At,
        };
        var fields = LobbyEvents.JobResult(operation, At);

        fields.Keys.Order().ShouldBe(["error_code", "event_type", "game_id", "message", "occurred_at_ms", "op", "status"]);
        fields["op"].ShouldBe("force_next_turn");
        fields["status"].ShouldBe("failed");
        fields["error_code"].ShouldBe("conflict");
        fields["message"].ShouldBe("a turn is running");
    }

    [Fact]
    public void Reconcile_removal_is_a_job_result_of_op_reconcile_with_status_removed()
    {
        var fields = LobbyEvents.ReconcileResult(GameId, RuntimeStatus.Removed, "engine missing", At);

        fields.Keys.Order().ShouldBe(["error_code", "event_type", "game_id", "message", "occurred_at_ms", "op", "status"]);
        fields["event_type"].ShouldBe("runtime_job_result");
        fields["op"].ShouldBe("reconcile");
        fields["status"].ShouldBe("removed");
        fields["error_code"].ShouldBe("");
        fields["message"].ShouldBe("engine missing");
        fields["occurred_at_ms"].ShouldBe(At.ToUnixTimeMilliseconds().ToString());
    }

    [Theory]
    [InlineData("game_paused")]
    [InlineData("game_finished")]
    public void Game_event_fields(string type)
    {
        var fields = type == "game_paused" ? LobbyEvents.Paused(GameId, "why", 3, At) : LobbyEvents.Finished(GameId, "why", 3, At);

        fields.Keys.Order().ShouldBe(["current_turn", "event_type", "game_id", "occurred_at_ms", "reason"]);
        fields["event_type"].ShouldBe(type);
        fields["reason"].ShouldBe("why");
        fields["current_turn"].ShouldBe("3");
    }
}
