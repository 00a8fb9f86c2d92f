using Orrery.Health;
using Orrery.Runtime;
using Orrery.Streams;
using Orrery.Tests.Support;

namespace Orrery.Tests.Health;

/// <summary>The consumer of SPEC §6 over the embedded log and a real SQLite store.</summary>
public sealed class HealthEventConsumerTests : IAsyncLifetime
{
    private SchedulerRig _rig = null!;
    private Guid _gameId;
    private string _engineId = null!;

    private HealthEventConsumer Consumer => _rig.Get<HealthEventConsumer>();
    private IEventStream Stream => _rig.Get<IEventStream>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await SchedulerRig.CreateAsync();
        _gameId = await _rig.StartGameAsync();
        _engineId = (await _rig.RecordAsync(_gameId)).EngineId!;
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private Task<string> AppendAsync(Dictionary<string, string> fields) => Stream.AppendAsync(StreamNames.HealthEvents, fields, null, Ct);

    private Dictionary<string, string> Event(string type, Guid? gameId = null, string? engineId = null) => new()
    {
        ["game_id"] = (gameId ?? _gameId).ToString(),
        ["container_id"] = engineId ?? _engineId,
        ["event_type"] = type,
        ["occurred_at_ms"] = "1700000000000",
    };

    /// <summary>Consumes until the stream has nothing more after the offset.</summary>
    private async Task DrainAsync()
    {
        while (await Consumer.ProcessNextBatchAsync(TimeSpan.Zero, Ct) > 0)
        {
        }
    }

    private async Task<List<IReadOnlyDictionary<string, string>>> SnapshotUpdatesAsync() =>
        (await _rig.LobbyEventsAsync()).Where(e => e["event_type"] == "runtime_snapshot_update").ToList();

    [Fact]
    public async Task An_engine_exit_makes_a_running_game_unreachable_and_the_lobby_hears_it_once()
    {
        var before = (await SnapshotUpdatesAsync()).Count;
        await AppendAsync(Event("container_exited"));
        await AppendAsync(Event("container_exited"));
        await DrainAsync();

        var record = await _rig.RecordAsync(_gameId);
        record.Status.ShouldBe(RuntimeStatus.EngineUnreachable);
        record.EngineHealth.ShouldBe("exited");
        var updates = (await SnapshotUpdatesAsync()).Skip(before).ToList();
        var update = updates.ShouldHaveSingleItem();
        update["runtime_status"].ShouldBe("engine_unreachable");
        update["engine_health_summary"].ShouldBe("exited");
    }

    [Fact]
    public async Task A_probe_recovery_brings_the_game_back_to_running()
    {
        await AppendAsync(Event("container_exited"));
        await DrainAsync();
        await AppendAsync(Event("probe_recovered"));
        await DrainAsync();

        var record = await _rig.RecordAsync(_gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.EngineHealth.ShouldBe("healthy");
        (await SnapshotUpdatesAsync()).Last()["runtime_status"].ShouldBe("running");
    }

    [Fact]
    public async Task A_summary_change_without_a_status_change_is_published_and_a_repeat_is_not()
    {
        var before = (await SnapshotUpdatesAsync()).Count;
        await AppendAsync(Event("probe_failed"));
        await DrainAsync();
        await AppendAsync(Event("probe_failed"));
        await DrainAsync();

        (await _rig.RecordAsync(_gameId)).Status.ShouldBe(RuntimeStatus.Running, "probe_failed changes only the summary");
        var updates = (await SnapshotUpdatesAsync()).Skip(before).ToList();
        updates.ShouldHaveSingleItem()["engine_health_summary"].ShouldBe("probe_failed");
    }

    [Fact]
    public async Task Entries_that_can_never_apply_are_skipped_and_the_offset_moves_past_them()
    {
        var bad = Event("container_exited");
        bad["game_id"] = "not-a-uuid";
        await AppendAsync(bad);
        await AppendAsync(Event("container_melted"));
        await AppendAsync(Event("container_exited", gameId: Guid.NewGuid())); // unknown game
        await AppendAsync(new Dictionary<string, string> { ["garbage"] = "\u0000\u0001" });
        var last = await AppendAsync(Event("container_oom"));

        await DrainAsync();

        (await Stream.GetOffsetAsync(StreamNames.HealthEvents, "health_events", Ct)).ShouldBe(last);
        (await _rig.RecordAsync(_gameId)).EngineHealth.ShouldBe("oom");
    }

    [Fact]
    public async Task Every_valid_entry_among_ten_thousand_random_and_malformed_ones_is_applied()
    {
        var random = new Random(20261122);
        string[] types = ["container_started", "probe_recovered", "probe_failed", "inspect_unhealthy", "container_exited", "container_oom", "container_disappeared"];
        string? lastValid = null;
        for (var i = 0; i < 10_000; i++)
        {
            var fields = Event(types[random.Next(types.Length)]);
            var valid = random.Next(3) == 0;
            if (!valid)
            {
                var field = fields.Keys.ElementAt(random.Next(fields.Count));
                fields[field] = random.Next(4) switch
                {
                    0 => "",
                    1 => new string((char)random.Next(1, 0xD7FF), random.Next(1, 64)),
                    2 => "-1",
                    _ => Guid.NewGuid().ToString("N"),
                };
                if (HealthEventCodec.TryDecode(fields, out var decoded, out _) && decoded.GameId == _gameId && decoded.ContainerId is null)
                {
                    valid = true; // the mutation happened to leave a valid entry (no container id: about the current engine)
                }
            }
            await AppendAsync(fields);
            if (valid)
            {
                lastValid = fields["event_type"];
            }
        }

        await DrainAsync();

        lastValid.ShouldNotBeNull();
        var record = await _rig.RecordAsync(_gameId);
        record.EngineHealth.ShouldBe(HealthEventRules.SummaryOf(Enum.Parse<HealthEventType>(lastValid.Replace("_", ""), ignoreCase: true)),
            "the last valid event decides the summary, so every valid one before it was applied in order");
    }

    [Fact]
    public async Task The_details_of_an_event_are_kept_with_the_record_and_in_the_api_shape()
    {
        var exited = Event("container_exited");
        exited["details"] = """{"exit_code":137,"oom":false}""";
        await AppendAsync(exited);
        await DrainAsync();

        var record = await _rig.RecordAsync(_gameId);
        record.LastHealthEventDetails.ShouldBe("""{"exit_code":137,"oom":false}""");
        Orrery.Api.RuntimeResponse.From(record).LastHealthEventDetails!.Value.GetProperty("exit_code").GetInt32().ShouldBe(137);

        await AppendAsync(Event("probe_recovered"));
        await DrainAsync();
        (await _rig.RecordAsync(_gameId)).LastHealthEventDetails.ShouldBeNull("the details are the last event's");
    }

    [Fact]
    public async Task A_late_exit_of_a_replaced_engine_is_counted_stale_and_leaves_the_new_engine_alone()
    {
        var before = await _rig.RecordAsync(_gameId);
        var updatesBefore = (await SnapshotUpdatesAsync()).Count;
        await AppendAsync(Event("container_exited", engineId: "replaced-engine"));
        await AppendAsync(Event("container_oom", engineId: "replaced-engine"));
        var last = await AppendAsync(Event("probe_failed")); // about the current engine: applied

        await DrainAsync();

        SkipReasons().ShouldBe(["stale_engine", "stale_engine"]);
        (await _rig.RecordAsync(_gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.Running),
            r => r.EngineId.ShouldBe(before.EngineId),
            r => r.EngineHealth.ShouldBe("probe_failed"),
            r => r.LastHealthEvent.ShouldBe("probe_failed"));
        (await SnapshotUpdatesAsync()).Skip(updatesBefore).ShouldHaveSingleItem()["engine_health_summary"].ShouldBe("probe_failed");
        (await Stream.GetOffsetAsync(StreamNames.HealthEvents, "health_events", Ct)).ShouldBe(last);
    }

    [Fact]
    public async Task A_batch_of_only_stale_events_changes_and_publishes_nothing()
    {
        await DrainAsync(); // the start's own container_started
        var before = await _rig.RecordAsync(_gameId);
        var updatesBefore = (await SnapshotUpdatesAsync()).Count;
        await AppendAsync(Event("container_disappeared", engineId: "replaced-engine"));

        await DrainAsync();

        SkipReasons().ShouldBe(["stale_engine"]);
        (await _rig.RecordAsync(_gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(before.Status), r => r.EngineHealth.ShouldBe(before.EngineHealth), r => r.LastHealthEvent.ShouldBe(before.LastHealthEvent));
        (await SnapshotUpdatesAsync()).Count.ShouldBe(updatesBefore);
    }

    [Fact]
    public async Task An_event_without_a_container_id_is_applied_not_skipped()
    {
        var exited = Event("container_exited");
        exited.Remove("container_id");
        await AppendAsync(exited);

        await DrainAsync();

        SkipReasons().ShouldBeEmpty();
        (await _rig.RecordAsync(_gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.EngineUnreachable), r => r.EngineHealth.ShouldBe("exited"));
    }

    /// <summary>The reasons of the entries the consumer skipped: its warning names each.</summary>
    private IReadOnlyList<string> SkipReasons() =>
        [.. _rig.Logged.Messages.Where(m => m.StartsWith("Skipped runtime:health_events entry", StringComparison.Ordinal)).Select(m => m[(m.LastIndexOf(' ') + 1)..])];
}
