using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;
using Orrery.Tests.Support;

namespace Orrery.Tests.Scheduling;

/// <summary>The turn clock of SPEC §5, driven by a manual clock and explicit ticks.</summary>
public sealed class TurnSchedulerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstSlot = SchedulerRig.Epoch.AddSeconds(9.5); // 12:00:10
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_started_game_waits_for_its_first_slot_and_plays_one_turn_per_slot()
    {
        var gameId = await _rig.StartGameAsync("*/10 * * * * *");
        _rig.Scheduler.Track(await _rig.RecordAsync(gameId));
        (await _rig.RecordAsync(gameId)).NextTurnAt.ShouldBe(FirstSlot);

        await _rig.TickAtAsync(FirstSlot.AddMilliseconds(-1));
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(0);

        await _rig.TickAtAsync(FirstSlot);
        var afterFirst = await _rig.RecordAsync(gameId);
        afterFirst.CurrentTurn.ShouldBe(1);
        afterFirst.Status.ShouldBe(RuntimeStatus.Running);
        afterFirst.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(10));

        await _rig.Scheduler.TickAsync(); // same instant: nothing more is due
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(2);
        _rig.Engines.TurnCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Each_turn_records_a_snapshot_and_publishes_it_to_the_lobby()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.TickAtAsync(FirstSlot);

        var snapshots = await _rig.Get<IHealthSnapshotStore>().ListAsync(gameId, PageRequest.Create(1, 10), CancellationToken.None);
        snapshots.Items.Select(s => s.Turn).ShouldBe([1, 0]); // the turn, then the start's snapshot

        var update = (await _rig.LobbyEventsAsync()).Last(e => e["event_type"] == "runtime_snapshot_update");
        update.Keys.Order().ShouldBe(["current_turn", "engine_health_summary", "event_type", "game_id", "occurred_at_ms", "player_turn_stats", "runtime_status"]);
        update["game_id"].ShouldBe(gameId.ToString());
        update["current_turn"].ShouldBe("1");
        update["runtime_status"].ShouldBe("running");
        update["engine_health_summary"].ShouldBe("healthy");
        update["occurred_at_ms"].ShouldBe(FirstSlot.ToUnixTimeMilliseconds().ToString());
    }

    [Fact]
    public async Task Player_stats_carry_the_true_maxima_over_the_game()
    {
        var gameId = await _rig.StartGameAsync();
        // Planets rise to 5 at turn 2 and fall back; population peaks at turn 1.
        _rig.Engines.GameOf(gameId).Standing = (turn, race) => race == "Andorians"
            ? (turn switch { 1 => 3, 2 => 5, _ => 2 }, turn switch { 1 => 900, _ => 400 })
            : (1, 10);

        for (var slot = 0; slot < 3; slot++)
        {
            await _rig.TickAtAsync(FirstSlot.AddSeconds(10 * slot));
        }

        var update = (await _rig.LobbyEventsAsync()).Last(e => e["event_type"] == "runtime_snapshot_update");
        update["current_turn"].ShouldBe("3");
        var stats = System.Text.Json.JsonDocument.Parse(update["player_turn_stats"]).RootElement.EnumerateArray()
            .Single(p => p.GetProperty("race_name").GetString() == "Andorians");
        stats.GetProperty("current_planets").GetInt32().ShouldBe(2);
        stats.GetProperty("max_planets").GetInt32().ShouldBe(5);
        stats.GetProperty("current_population").GetInt64().ShouldBe(400);
        stats.GetProperty("max_population").GetInt64().ShouldBe(900);
        stats.GetProperty("user_id").GetGuid().ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task Each_turn_is_traced_with_its_game_number_and_the_slot_it_plays()
    {
        var gameId = await _rig.StartGameAsync();
        using var traces = new TurnTraces(gameId);

        await _rig.TickAtAsync(FirstSlot);
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);
        await _rig.Scheduler.TickAsync();

        var turns = traces.Turns;
        turns.Select(t => t.GetTagItem(TurnActivity.NumberTag)).ShouldBe([1, 2]);
        turns.Select(TurnActivity.SlotOf).ShouldBe([FirstSlot, null], "a forced turn plays no slot");
        turns.Select(t => t.GetTagItem(TurnActivity.OutcomeTag)).ShouldBe(["played", "played"]);
        turns.First().StartTimeUtc.ShouldBe(FirstSlot.UtcDateTime, "the activity starts when the turn began");
    }

    [Fact]
    public async Task A_paused_game_skips_its_slots_and_plays_again_once_resumed()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Immediate.PauseAsync(gameId, OperationSource.Lobby, null, CancellationToken.None);

        await _rig.TickAtAsync(FirstSlot);
        var paused = await _rig.RecordAsync(gameId);
        paused.CurrentTurn.ShouldBe(0);
        paused.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(10), "a skipped slot moves the clock on, it is not played late");

        await _rig.Immediate.ResumeAsync(gameId, OperationSource.Lobby, null, CancellationToken.None);
        await _rig.Scheduler.TickAsync();
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(0, "resuming does not play the skipped slot");

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
    }

    [Fact]
    public async Task Force_next_turn_plays_now_and_the_schedule_carries_on()
    {
        var gameId = await _rig.StartGameAsync();
        var operation = await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);
        operation.Status.ShouldBe(OperationStatus.Succeeded);
        (await _rig.RecordAsync(gameId)).SkipNextTick.ShouldBeTrue();

        await _rig.Scheduler.TickAsync(); // the clock has not moved
        var forced = await _rig.RecordAsync(gameId);
        forced.CurrentTurn.ShouldBe(1);
        forced.SkipNextTick.ShouldBeFalse();
        forced.NextTurnAt.ShouldBe(FirstSlot);

        await _rig.TickAtAsync(FirstSlot);
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(2);
    }

    [Fact]
    public async Task Force_next_turn_plays_a_paused_game_which_stays_paused()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Immediate.PauseAsync(gameId, OperationSource.Lobby, null, CancellationToken.None);
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);

        await _rig.Scheduler.TickAsync();
        var record = await _rig.RecordAsync(gameId);
        record.CurrentTurn.ShouldBe(1);
        record.Paused.ShouldBeTrue();

        await _rig.TickAtAsync(FirstSlot);
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1, "still paused");
    }

    [Fact]
    public async Task A_failed_turn_pauses_the_game_and_says_why_and_force_recovers_it()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.TurnFailureStatus = 500;

        await _rig.TickAtAsync(FirstSlot);
        var failed = await _rig.RecordAsync(gameId);
        failed.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        failed.Paused.ShouldBeTrue();
        failed.PausedAt.ShouldBe(FirstSlot);
        failed.CurrentTurn.ShouldBe(0);

        var paused = (await _rig.LobbyEventsAsync()).Single(e => e["event_type"] == "game_paused");
        paused.Keys.Order().ShouldBe(["current_turn", "event_type", "game_id", "occurred_at_ms", "reason"]);
        paused["reason"].ShouldStartWith("generation_failed:");
        paused["reason"].ShouldContain("500");
        paused["current_turn"].ShouldBe("0");

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.GenerationFailed, "only a forced turn leaves generation_failed");

        _rig.Engines.TurnFailureStatus = null;
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);
        await _rig.Scheduler.TickAsync();
        var recovered = await _rig.RecordAsync(gameId);
        recovered.Status.ShouldBe(RuntimeStatus.Running);
        recovered.CurrentTurn.ShouldBe(1);
        recovered.Paused.ShouldBeTrue("the admin override does not resume the game");
    }

    [Fact]
    public async Task A_finished_game_leaves_the_clock_and_the_lobby_hears_of_it()
    {
        _rig.Engines.FinishAtTurn = 2;
        var gameId = await _rig.StartGameAsync();
        _rig.Scheduler.Track(await _rig.RecordAsync(gameId));
        _rig.Scheduler.Count.ShouldBe(1);

        await _rig.TickAtAsync(FirstSlot);
        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));
        var finished = await _rig.RecordAsync(gameId);
        finished.Status.ShouldBe(RuntimeStatus.Finished);
        finished.FinishedAt.ShouldBe(FirstSlot.AddSeconds(10));
        finished.NextTurnAt.ShouldBeNull();
        _rig.Scheduler.Count.ShouldBe(0);

        var events = await _rig.LobbyEventsAsync();
        events.Single(e => e["event_type"] == "game_finished")["current_turn"].ShouldBe("2");
        events.Last(e => e["event_type"] == "runtime_snapshot_update")["runtime_status"].ShouldBe("finished");

        await _rig.TickAtAsync(FirstSlot.AddSeconds(20));
        _rig.Engines.TurnCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Slots_missed_while_the_node_was_down_fire_once_on_recovery()
    {
        var gameId = await _rig.StartGameAsync();
        using var traces = new TurnTraces(gameId);
        await _rig.TickAtAsync(FirstSlot);

        _rig.Clock.Advance(TimeSpan.FromMinutes(5)); // 30 slots pass with no node
        await _rig.RestartNodeAsync();
        await _rig.Scheduler.TickAsync();
        await _rig.Scheduler.TickAsync();

        var record = await _rig.RecordAsync(gameId);
        record.CurrentTurn.ShouldBe(2);
        record.NextTurnAt.ShouldBe(FirstSlot.AddMinutes(5).AddSeconds(10));
        _rig.Engines.TurnCalls.ShouldBe(2);
        var recovery = traces.Turns[1];
        TurnActivity.SlotOf(recovery).ShouldBe(FirstSlot.AddSeconds(10), "the first slot missed plays");
        recovery.GetTagItem(TurnActivity.SlotsMergedTag).ShouldBe(29, "the other 29 merge into it");
    }

    [Fact]
    public async Task Games_due_at_one_instant_all_begin_at_their_slot_while_engine_calls_wait_for_the_concurrency_limit()
    {
        await using var rig = await SchedulerRig.CreateAsync(new SchedulerOptions { MaxConcurrentTurns = 1 });
        var games = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            games.Add(await rig.StartGameAsync());
        }
        foreach (var gameId in games)
        {
            rig.Scheduler.Track(await rig.RecordAsync(gameId)); // tracked twice (the start did too): still one turn each
        }
        rig.Engines.TurnGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Clock.Advance(FirstSlot - rig.Clock.GetUtcNow());

        var tick = rig.Scheduler.TickAsync();
        await WaitUntilAsync(async () => rig.Engines.TurnCalls == 1
            && (await Task.WhenAll(games.Select(rig.RecordAsync))).All(r => r.Status == RuntimeStatus.GenerationInProgress));

        var begun = await Task.WhenAll(games.Select(rig.RecordAsync));
        begun.ShouldAllBe(r => r.StatusChangedAt == FirstSlot, "every turn began at the slot, not after the turns ahead of it");
        rig.Engines.TurnCalls.ShouldBe(1, "one engine call at a time: the others wait while the first is held");
        rig.Engines.TurnGate.SetResult();
        await tick;
        (await Task.WhenAll(games.Select(rig.RecordAsync))).ShouldAllBe(r => r.CurrentTurn == 1 && r.Status == RuntimeStatus.Running);
        rig.Engines.TurnCalls.ShouldBe(5);
    }

    [Fact]
    public async Task Concurrent_callers_of_one_slot_and_a_force_play_one_turn()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);

        // Half of them come for the slot, half for the force; some arrive after the turn is over.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _rig.Runner.RunAsync(gameId, i % 2 == 0 ? FirstSlot : null, CancellationToken.None))));

        outcomes.Count(o => o.Result == TurnResult.Played).ShouldBe(1);
        outcomes.Count(o => o.Result == TurnResult.Skipped).ShouldBe(7);
        _rig.Engines.TurnCalls.ShouldBe(1);
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
    }

    [Fact]
    public async Task A_slot_played_already_is_not_played_again_by_a_late_caller()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.TickAtAsync(FirstSlot);

        var late = await _rig.Runner.RunAsync(gameId, FirstSlot, CancellationToken.None);

        late.Result.ShouldBe(TurnResult.Skipped);
        _rig.Engines.TurnCalls.ShouldBe(1);
    }

    [Fact]
    public async Task A_force_and_a_slot_arriving_together_play_one_turn()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Scheduler.Track(await _rig.RecordAsync(gameId));
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);

        await Task.WhenAll(_rig.Scheduler.TickAsync(), _rig.Scheduler.TickAsync());
        await _rig.Scheduler.TickAsync();

        _rig.Engines.TurnCalls.ShouldBe(1);
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
    }

    [Fact]
    public async Task Force_while_a_turn_is_being_generated_is_a_conflict()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.TurnGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        var tick = _rig.Scheduler.TickAsync();
        await WaitUntilAsync(async () => (await _rig.RecordAsync(gameId)).Status == RuntimeStatus.GenerationInProgress);

        var refused = await Should.ThrowAsync<OrreryException>(
            () => _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None));
        refused.Code.ShouldBe(ErrorCodes.Conflict);

        _rig.Engines.TurnGate.SetResult();
        await tick;
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
    }

    [Fact]
    public async Task A_caller_arriving_during_a_turn_leaves_the_record_to_that_turn()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.TurnGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        var tick = _rig.Scheduler.TickAsync();
        await WaitUntilAsync(async () => (await _rig.RecordAsync(gameId)).Status == RuntimeStatus.GenerationInProgress);
        var during = await _rig.RecordAsync(gameId);

        var late = await _rig.Runner.RunAsync(gameId, FirstSlot, CancellationToken.None);

        late.Result.ShouldBe(TurnResult.Skipped);
        (await _rig.RecordAsync(gameId)).Version.ShouldBe(during.Version, "no write competes with the turn in flight");
        _rig.Engines.TurnGate.SetResult();
        await tick;
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
    }

    [Fact]
    public async Task A_turn_slower_than_the_schedule_makes_the_next_slot_due_at_once_instead_of_losing_it()
    {
        var gameId = await _rig.StartGameAsync();
        using var traces = new TurnTraces(gameId);
        _rig.Engines.TurnGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        var tick = _rig.Scheduler.TickAsync();
        await WaitUntilAsync(async () => (await _rig.RecordAsync(gameId)).Status == RuntimeStatus.GenerationInProgress);

        _rig.Clock.Advance(TimeSpan.FromSeconds(25)); // the turn overruns two slots
        _rig.Engines.TurnGate.SetResult();
        await tick;

        var after = await _rig.RecordAsync(gameId);
        after.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(10), "the slot after the turn began, already due");
        await _rig.Scheduler.TickAsync();
        var next = await _rig.RecordAsync(gameId);
        next.CurrentTurn.ShouldBe(2, "the overrun slots fire once, not twice and not never");
        next.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(30));
        traces.Turns.Select(t => t.GetTagItem(TurnActivity.SlotsMergedTag)).ShouldBe([null, 1], "slot +20 merged into the turn of slot +10");
    }

    [Fact]
    public async Task A_turn_left_in_progress_by_a_crash_is_played_once_on_recovery()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()), CancellationToken.None);

        var settling = await _rig.RestartNodeAsync();
        await settling;

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1);
        _rig.Engines.TurnCalls.ShouldBe(1);
    }

    [Fact]
    public async Task A_turn_the_engine_finished_before_the_crash_is_recorded_not_replayed()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()), CancellationToken.None);
        _rig.Engines.GameOf(gameId).Turn = 1; // the engine played it; the node died before recording it

        await await _rig.RestartNodeAsync();

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1);
        _rig.Engines.TurnCalls.ShouldBe(0);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }
}
