using Orrery.Errors;
using Orrery.Operations;
using Orrery.Reconcile;
using Orrery.Runtime;
using static Orrery.Reconcile.EngineSighting;
using static Orrery.Reconcile.ReconcileAction;

namespace Orrery.Core.Tests.Reconcile;

/// <summary>
/// SPEC §7's decisions, written out for every intent x record status (and no record) x engine sighting, and the intent
/// a game's last word gives it.
/// </summary>
public sealed class ReconcileRulesTests
{
    /// <summary>
    /// Known game: status, engine, then for a game whose intent is to run and for one whose intent is to stop: the action
    /// on a first sighting, and the action when the previous pass saw the same.
    /// </summary>
    public static TheoryData<RuntimeStatus?, EngineSighting, ReconcileAction, ReconcileAction, ReconcileAction, ReconcileAction> KnownGame() => new()
    {
        { null, Absent, Leave, Leave, Leave, Leave },
        { null, EngineSighting.Running, Adopt, Adopt, Adopt, Adopt },
        { null, Exited, Leave, Leave, Leave, Leave },
        { null, ForeignStack, Leave, Leave, Leave, Leave },
        { null, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.Starting, Absent, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, EngineSighting.Running, Adopt, Adopt, Adopt, Adopt },
        { RuntimeStatus.Starting, Exited, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, ForeignStack, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, HostUnreachable, MarkUnreachable, MarkUnreachable, MarkUnreachable, MarkUnreachable },

        { RuntimeStatus.Running, Absent, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, EngineSighting.Running, Refresh, Refresh, Refresh, Refresh },
        { RuntimeStatus.Running, Exited, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, ForeignStack, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, HostUnreachable, MarkUnreachable, MarkUnreachable, MarkUnreachable, MarkUnreachable },

        { RuntimeStatus.GenerationInProgress, Absent, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, EngineSighting.Running, Leave, Leave, Leave, Leave },
        { RuntimeStatus.GenerationInProgress, Exited, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, ForeignStack, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.GenerationFailed, Absent, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, EngineSighting.Running, Refresh, Refresh, Refresh, Refresh },
        { RuntimeStatus.GenerationFailed, Exited, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, ForeignStack, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.EngineUnreachable, Absent, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, EngineSighting.Running, Adopt, Adopt, Adopt, Adopt },
        { RuntimeStatus.EngineUnreachable, Exited, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, ForeignStack, NoteMissing, MarkRemoved, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.Stopped, Absent, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Stopped, EngineSighting.Running, Adopt, Adopt, NoteStray, RemoveStray },
        { RuntimeStatus.Stopped, Exited, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Stopped, ForeignStack, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Stopped, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.Finished, Absent, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Finished, EngineSighting.Running, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Finished, Exited, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Finished, ForeignStack, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Finished, HostUnreachable, Leave, Leave, Leave, Leave },

        { RuntimeStatus.Removed, Absent, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Removed, EngineSighting.Running, Adopt, Adopt, NoteStray, RemoveStray },
        { RuntimeStatus.Removed, Exited, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Removed, ForeignStack, Leave, Leave, Leave, Leave },
        { RuntimeStatus.Removed, HostUnreachable, Leave, Leave, Leave, Leave },
    };

    [Theory]
    [MemberData(nameof(KnownGame))]
    public void Known_game(
        RuntimeStatus? status, EngineSighting engine,
        ReconcileAction runFirst, ReconcileAction runSecond, ReconcileAction stopFirst, ReconcileAction stopSecond)
    {
        ReconcileRules.Decide(gameKnown: true, status, engine, seenLastPass: false, GameIntent.Run).ShouldBe(runFirst);
        ReconcileRules.Decide(gameKnown: true, status, engine, seenLastPass: true, GameIntent.Run).ShouldBe(runSecond);
        ReconcileRules.Decide(gameKnown: true, status, engine, seenLastPass: false, GameIntent.Stop).ShouldBe(stopFirst);
        ReconcileRules.Decide(gameKnown: true, status, engine, seenLastPass: true, GameIntent.Stop).ShouldBe(stopSecond);
    }

    [Theory]
    [InlineData(Absent, Leave)]
    [InlineData(EngineSighting.Running, Orphan)]
    [InlineData(Exited, Orphan)]
    [InlineData(ForeignStack, Leave)] // another stack's engine is never ours to report or remove
    [InlineData(HostUnreachable, Leave)]
    public void Unknown_game(EngineSighting engine, ReconcileAction expected)
    {
        foreach (var intent in Enum.GetValues<GameIntent>())
        {
            ReconcileRules.Decide(gameKnown: false, null, engine, seenLastPass: false, intent).ShouldBe(expected);
            ReconcileRules.Decide(gameKnown: false, null, engine, seenLastPass: true, intent).ShouldBe(expected);
        }
    }

    [Fact]
    public void The_table_covers_every_status_and_sighting()
    {
        var rows = KnownGame().Select(r => (r.Data.Item1, r.Data.Item2)).ToHashSet();
        var statuses = Enum.GetValues<RuntimeStatus>().Cast<RuntimeStatus?>().Append(null);
        foreach (var status in statuses)
        {
            foreach (var engine in Enum.GetValues<EngineSighting>())
            {
                rows.ShouldContain((status, engine), $"{status?.ToString() ?? "no record"} x {engine}");
            }
        }
    }

    [Fact]
    public void Every_adoption_reaches_running_through_allowed_transitions()
    {
        // Adopt takes a record straight to running when SPEC §3 allows it, else through starting, as a start would.
        foreach (var status in new[] { RuntimeStatus.Starting, RuntimeStatus.EngineUnreachable, RuntimeStatus.Stopped, RuntimeStatus.Removed })
        {
            var direct = RuntimeTransitions.IsAllowed(status, RuntimeStatus.Running);
            var viaStarting = RuntimeTransitions.IsAllowed(status, RuntimeStatus.Starting) && RuntimeTransitions.IsAllowed(RuntimeStatus.Starting, RuntimeStatus.Running);
            (direct || viaStarting).ShouldBeTrue(status.ToString());
        }
    }

    [Fact]
    public void Every_missing_engine_can_be_marked_removed()
    {
        foreach (var status in Enum.GetValues<RuntimeStatus>().Where(s => ReconcileRules.Decide(true, s, Absent, true, GameIntent.Run) == MarkRemoved))
        {
            RuntimeTransitions.IsAllowed(status, RuntimeStatus.Removed).ShouldBeTrue(status.ToString());
        }
    }

    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static Operation Op(OperationKind kind, OperationStatus status, string? errorCode = null) => new()
    {
        Id = Guid.NewGuid(),
        GameId = Guid.NewGuid(),
        Kind = kind,
        Source = OperationSource.Lobby,
        Status = status,
        ErrorCode = errorCode,
        CreatedAt = At,
    };

    /// <summary>The last word (null: none), and the intent it gives a stopped and a removed game.</summary>
    public static TheoryData<string, Operation?, GameIntent, GameIntent> LastWords() => new()
    {
        { "none", null, GameIntent.Stop, GameIntent.Stop },
        { "stop", Op(OperationKind.Stop, OperationStatus.Succeeded), GameIntent.Stop, GameIntent.Stop },
        { "reconcile", Op(OperationKind.Reconcile, OperationStatus.Succeeded), GameIntent.Stop, GameIntent.Stop },
        // A stopped game after a successful start: a restart or patch stopped it and then failed to launch.
        { "start", Op(OperationKind.Start, OperationStatus.Succeeded), GameIntent.Run, GameIntent.Stop },
        { "restart", Op(OperationKind.Restart, OperationStatus.Succeeded), GameIntent.Run, GameIntent.Stop },
        { "interrupted restart", Op(OperationKind.Restart, OperationStatus.Failed, ErrorCodes.Interrupted), GameIntent.Run, GameIntent.Run },
        { "interrupted patch", Op(OperationKind.Patch, OperationStatus.Failed, ErrorCodes.Interrupted), GameIntent.Run, GameIntent.Run },
        { "interrupted start", Op(OperationKind.Start, OperationStatus.Failed, ErrorCodes.Interrupted), GameIntent.Run, GameIntent.Run },
    };

    [Theory]
    [MemberData(nameof(LastWords))]
    public void A_stopped_or_removed_game_wants_to_run_only_when_its_last_word_is_a_launch(
        string word, Operation? lastWord, GameIntent stopped, GameIntent removed)
    {
        (lastWord is null || ReconcileRules.IsWord(lastWord)).ShouldBeTrue(word);
        ReconcileRules.IntentOf(RuntimeStatus.Stopped, lastWord).ShouldBe(stopped, word);
        ReconcileRules.IntentOf(RuntimeStatus.Removed, lastWord).ShouldBe(removed, word);
    }

    [Fact]
    public void Every_other_status_and_no_record_want_to_run_whatever_the_last_word()
    {
        // A launch wrote these statuses after any stop: the record itself is the newer word.
        var statuses = Enum.GetValues<RuntimeStatus>().Where(s => s is not (RuntimeStatus.Stopped or RuntimeStatus.Removed)).Cast<RuntimeStatus?>().Append(null);
        foreach (var status in statuses)
        {
            foreach (var (_, lastWord, _, _) in LastWords().Select(r => r.Data))
            {
                ReconcileRules.IntentOf(status, lastWord).ShouldBe(GameIntent.Run, status?.ToString() ?? "no record");
            }
        }
    }

    [Theory]
    [InlineData(OperationKind.Pause, OperationStatus.Succeeded, null)]
    [InlineData(OperationKind.Resume, OperationStatus.Succeeded, null)]
    [InlineData(OperationKind.ForceNextTurn, OperationStatus.Succeeded, null)]
    [InlineData(OperationKind.Start, OperationStatus.Failed, ErrorCodes.InvalidTransition)] // a refused start
    [InlineData(OperationKind.Start, OperationStatus.Failed, ErrorCodes.EngineStartFailed)]
    [InlineData(OperationKind.Stop, OperationStatus.Failed, ErrorCodes.Interrupted)] // run again on recovery; never stays interrupted
    [InlineData(OperationKind.Start, OperationStatus.Running, null)]
    [InlineData(OperationKind.Stop, OperationStatus.Queued, null)]
    public void Operations_that_say_nothing_of_the_engine_are_not_words(OperationKind kind, OperationStatus status, string? errorCode) =>
        ReconcileRules.IsWord(Op(kind, status, errorCode)).ShouldBeFalse();

    [Fact]
    public void A_stray_is_only_taken_down_from_a_status_without_an_engine()
    {
        // Removing a stray writes no status: only statuses that expect no engine may have one.
        foreach (var status in Enum.GetValues<RuntimeStatus>())
        {
            var action = ReconcileRules.Decide(true, status, EngineSighting.Running, true, GameIntent.Stop);
            (action == RemoveStray).ShouldBe(status is RuntimeStatus.Stopped or RuntimeStatus.Removed, status.ToString());
        }
    }
}
