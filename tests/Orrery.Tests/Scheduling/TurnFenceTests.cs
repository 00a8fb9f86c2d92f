using Orrery.Engines;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Tests.Support;

namespace Orrery.Tests.Scheduling;

/// <summary>
/// The turn's fence at the engine (SPEC §10): the record's turn goes with every turn call as <c>expectedTurn</c>, so a
/// turn is never played twice, whoever calls (a replica that lost the game, an earlier attempt, a recovery).
/// </summary>
public sealed class TurnFenceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstSlot = SchedulerRig.Epoch.AddSeconds(9.5); // 12:00:10
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_turn_the_engine_already_played_is_recorded_not_played_again()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.GameOf(gameId).Turn = 1; // a replica that lost the game played it before its answer was lost

        await _rig.TickAtAsync(FirstSlot);

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1);
        record.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(10));
        _rig.Engines.TurnCalls.ShouldBe(1, "the fenced call was made and refused");
        _rig.Engines.TurnsPlayed.ShouldBe(0);
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(1);
        (await _rig.LobbyEventsAsync()).Last(e => e["event_type"] == "runtime_snapshot_update")["current_turn"].ShouldBe("1");

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(2, "the schedule carries on from the recorded turn");
        _rig.Engines.TurnsPlayed.ShouldBe(1);
    }

    [Fact]
    public async Task A_turn_whose_answer_was_lost_is_recorded_once_and_the_next_slot_plays_the_one_after()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.LosesTurnAnswer = new EngineCallException("connection reset by peer");

        await _rig.TickAtAsync(FirstSlot);

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.Paused.ShouldBeFalse();
        record.CurrentTurn.ShouldBe(1, "the engine's status showed the turn played");
        record.NextTurnAt.ShouldBe(FirstSlot.AddSeconds(10));
        (await _rig.LobbyEventsAsync()).ShouldNotContain(e => e["event_type"] == "game_paused");
        (await _rig.LobbyEventsAsync()).Last(e => e["event_type"] == "runtime_snapshot_update")["current_turn"].ShouldBe("1");

        _rig.Engines.LosesTurnAnswer = null;
        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));

        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(2);
        _rig.Engines.TurnCalls.ShouldBe(2, "the next slot asked for turn 2, not turn 1 again");
        _rig.Engines.TurnsPlayed.ShouldBe(2);
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(2);
    }

    [Fact]
    public async Task A_lost_answer_with_the_status_unreachable_fails_the_turn_and_the_forced_retry_records_it_without_playing_again()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.LosesTurnAnswer = new EngineCallException("connection reset by peer");
        _rig.Engines.StatusFault = _ => new EngineCallException("status timed out");

        await _rig.TickAtAsync(FirstSlot);

        var failed = await _rig.RecordAsync(gameId);
        failed.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        failed.Paused.ShouldBeTrue();
        failed.CurrentTurn.ShouldBe(0);
        (await _rig.LobbyEventsAsync()).Single(e => e["event_type"] == "game_paused")["reason"].ShouldBe("generation_failed: connection reset by peer");

        _rig.Engines.LosesTurnAnswer = null;
        _rig.Engines.StatusFault = null;
        await _rig.Immediate.ForceNextTurnAsync(gameId, OperationSource.Admin, null, CancellationToken.None);
        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1, "the fenced call was refused and the played turn recorded");
        _rig.Engines.TurnsPlayed.ShouldBe(1, "turn 1 was never played twice");
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(1);
    }

    [Fact]
    public async Task A_turn_whose_outcome_the_store_failed_to_write_is_recorded_at_the_next_slot_not_left_in_progress()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.LosesTurnAnswer = new InvalidOperationException("the store is unreachable"); // after the engine played

        await _rig.TickAtAsync(FirstSlot);
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.GenerationInProgress, "the outcome was not written");
        _rig.Engines.LosesTurnAnswer = null;

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1, "the turn the engine played is recorded");
        _rig.Engines.TurnsPlayed.ShouldBe(1, "and not played again");
        await _rig.TickAtAsync(FirstSlot.AddSeconds(20));
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(2, "the schedule carries on");
        _rig.Engines.TurnsPlayed.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_turn_call_the_engine_did_not_play_still_fails_the_turn()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.TurnFailureStatus = 500;

        await _rig.TickAtAsync(FirstSlot);

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        record.Paused.ShouldBeTrue();
        record.CurrentTurn.ShouldBe(0);
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(0);
    }

    [Fact]
    public async Task An_engine_behind_the_record_fails_the_turn_and_pauses_the_game()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.TickAtAsync(FirstSlot);
        _rig.Engines.GameOf(gameId).Turn = 0; // an engine put back on an older state

        await _rig.TickAtAsync(FirstSlot.AddSeconds(10));

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        record.Paused.ShouldBeTrue();
        record.CurrentTurn.ShouldBe(1);
        _rig.Engines.TurnsPlayed.ShouldBe(1);
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(0, "nothing was played to catch up");
        var paused = (await _rig.LobbyEventsAsync()).Single(e => e["event_type"] == "game_paused");
        paused["reason"].ShouldStartWith("generation_failed: turn_mismatch:");
        paused["reason"].ShouldContain("the engine is at turn 0 but the runtime record at turn 1 (the engine is behind)");
    }

    [Fact]
    public async Task An_engine_more_than_one_turn_ahead_fails_the_turn_and_is_not_recorded()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.GameOf(gameId).Turn = 2;

        await _rig.TickAtAsync(FirstSlot);

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        record.Paused.ShouldBeTrue();
        record.CurrentTurn.ShouldBe(0);
        _rig.Engines.TurnsPlayed.ShouldBe(0);
        var paused = (await _rig.LobbyEventsAsync()).Single(e => e["event_type"] == "game_paused");
        paused["reason"].ShouldContain("more than one turn ahead");
    }

    [Fact]
    public async Task A_zombie_waking_after_the_new_owner_recorded_the_turn_plays_nothing_and_changes_nothing()
    {
        var gameId = await _rig.StartGameAsync();
        var zombie = await BeginAtFirstSlotAsync(gameId); // then paused (SIGSTOP) before its engine call
        await _rig.Runner.ResumeInterruptedAsync(await _rig.RecordAsync(gameId), CancellationToken.None); // the new owner
        var settled = await _rig.RecordAsync(gameId);

        // The engine refuses the call (it is at turn 1); its state is then not recorded over the owner's.
        var refused = await Should.ThrowAsync<OrreryException>(() => _rig.Runner.PlayAsync(zombie, CancellationToken.None));

        refused.Message.ShouldContain("could not be recorded");
        _rig.Engines.TurnsPlayed.ShouldBe(1);
        (await _rig.RecordAsync(gameId)).Version.ShouldBe(settled.Version);
    }

    [Fact]
    public async Task A_zombie_waking_during_the_new_owners_next_turn_neither_records_over_it_nor_pauses_the_game()
    {
        var gameId = await _rig.StartGameAsync();
        var zombie = await BeginAtFirstSlotAsync(gameId);
        await _rig.Runner.ResumeInterruptedAsync(await _rig.RecordAsync(gameId), CancellationToken.None);
        _rig.Clock.Advance(TimeSpan.FromSeconds(10));
        (await _rig.Runner.RunAsync(gameId, FirstSlot.AddSeconds(10), CancellationToken.None)).Result.ShouldBe(TurnResult.Played); // the new owner plays turn 2 ...
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()), CancellationToken.None);
        var inFlight = await _rig.RecordAsync(gameId); // ... and is generating turn 3

        // The engine is two turns past the zombie's record: out of step, which must not fail the owner's turn.
        var refused = await Should.ThrowAsync<OrreryException>(() => _rig.Runner.PlayAsync(zombie, CancellationToken.None));

        refused.Message.ShouldContain("settled elsewhere");
        _rig.Engines.TurnsPlayed.ShouldBe(2);
        var record = await _rig.RecordAsync(gameId);
        record.Version.ShouldBe(inFlight.Version);
        record.Status.ShouldBe(RuntimeStatus.GenerationInProgress);
        record.Paused.ShouldBeFalse();
    }

    [Fact]
    public async Task Recovery_records_a_turn_another_caller_played_while_it_looked_and_never_plays_it_twice()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()), CancellationToken.None);
        var looked = false;
        _rig.Engines.StatusFault = engine =>
        {
            if (looked)
            {
                return null;
            }
            looked = true;
            engine.Game.Turn = 1; // a zombie's turn call lands while the status read times out
            return new EngineCallException("status timed out");
        };

        await await _rig.RestartNodeAsync();

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.Running);
        record.CurrentTurn.ShouldBe(1);
        _rig.Engines.TurnCalls.ShouldBe(1, "the recovery's fenced turn call was refused");
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(1);
    }

    [Theory]
    [InlineData(3, 1)] // further ahead than the interrupted turn
    [InlineData(0, 1)] // behind the record
    public async Task Recovery_of_an_engine_out_of_step_fails_the_turn_without_playing(int engineTurn, int recordTurn)
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(
            gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()) with { CurrentTurn = recordTurn }, CancellationToken.None);
        _rig.Engines.GameOf(gameId).Turn = engineTurn;

        await await _rig.RestartNodeAsync();

        var record = await _rig.RecordAsync(gameId);
        record.Status.ShouldBe(RuntimeStatus.GenerationFailed);
        record.Paused.ShouldBeTrue();
        record.CurrentTurn.ShouldBe(recordTurn);
        _rig.Engines.TurnCalls.ShouldBe(0);
        _rig.Engines.GameOf(gameId).Turn.ShouldBe(engineTurn);
    }

    [Fact]
    public async Task Recovery_with_an_engine_that_ignores_the_fence_still_records_rather_than_replays()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.IgnoresExpectedTurn = true;
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.GenerationInProgress, _rig.Clock.GetUtcNow()), CancellationToken.None);
        _rig.Engines.GameOf(gameId).Turn = 1;

        await await _rig.RestartNodeAsync();

        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(1);
        _rig.Engines.TurnCalls.ShouldBe(0, "the status read found the turn played");
    }

    [Theory]
    [InlineData(4, 4, TurnFenceVerdict.Current)]
    [InlineData(4, 5, TurnFenceVerdict.PlayedAlready)]
    [InlineData(4, 3, TurnFenceVerdict.OutOfStep)]
    [InlineData(4, 6, TurnFenceVerdict.OutOfStep)]
    [InlineData(0, int.MaxValue, TurnFenceVerdict.OutOfStep)]
    [InlineData(int.MaxValue, 0, TurnFenceVerdict.OutOfStep)]
    public void Judge_RecordAndEngineTurns_TellsWhereTheEngineStands(int recordTurn, int engineTurn, TurnFenceVerdict expected) =>
        TurnFence.Judge(recordTurn, engineTurn).ShouldBe(expected);

    /// <summary>The first half of the first slot's turn, as a replica does before its engine call.</summary>
    private async Task<BegunTurn> BeginAtFirstSlotAsync(Guid gameId)
    {
        _rig.Clock.Advance(FirstSlot - _rig.Clock.GetUtcNow());
        var start = (await _rig.Runner.BeginManyAsync([new DueTurn(gameId, FirstSlot)], CancellationToken.None)).Single();
        return start.Begun.ShouldNotBeNull();
    }
}
