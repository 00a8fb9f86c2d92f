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

    private HealthEventConsumer Consumer => _rig.Get<HealthEventConsumer>();
    private IEventStream Stream => _rig.Get<IEventStream>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await SchedulerRig.CreateAsync();
        _gameId = await _rig.StartGameAsync();
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private Task<string> AppendAsync(Dictionary<string, string> fields) => Stream.AppendAsync(StreamNames.HealthEvents, fields, null, Ct);

    private Dictionary<string, string> Event(string type, Guid? gameId = null) => new()
    {
        ["game_id"] = (gameId ?? _gameId).ToString(),
        ["container_id"] = "c1",
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
                if (HealthEventCodec.TryDecode(fields, out _, out _) && fields["game_id"] == _gameId.ToString())
                {
                    valid = true; // the mutation happened to leave a valid entry (e.g. another container id)
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
}
