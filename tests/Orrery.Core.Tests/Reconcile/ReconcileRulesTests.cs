using Orrery.Reconcile;
using Orrery.Runtime;
using static Orrery.Reconcile.EngineSighting;
using static Orrery.Reconcile.ReconcileAction;

namespace Orrery.Core.Tests.Reconcile;

/// <summary>SPEC §7's decisions, written out for every record status (and no record) x every engine sighting.</summary>
public sealed class ReconcileRulesTests
{
    /// <summary>Known game: status, engine, action on a first miss, action when the previous pass missed it too.</summary>
    public static TheoryData<RuntimeStatus?, EngineSighting, ReconcileAction, ReconcileAction> KnownGame() => new()
    {
        { null, Absent, Leave, Leave },
        { null, EngineSighting.Running, Adopt, Adopt },
        { null, Exited, Leave, Leave },
        { null, ForeignStack, Leave, Leave },
        { null, HostUnreachable, Leave, Leave },

        { RuntimeStatus.Starting, Absent, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, EngineSighting.Running, Adopt, Adopt },
        { RuntimeStatus.Starting, Exited, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, ForeignStack, NoteMissing, MarkRemoved },
        { RuntimeStatus.Starting, HostUnreachable, MarkUnreachable, MarkUnreachable },

        { RuntimeStatus.Running, Absent, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, EngineSighting.Running, Refresh, Refresh },
        { RuntimeStatus.Running, Exited, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, ForeignStack, NoteMissing, MarkRemoved },
        { RuntimeStatus.Running, HostUnreachable, MarkUnreachable, MarkUnreachable },

        { RuntimeStatus.GenerationInProgress, Absent, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, EngineSighting.Running, Leave, Leave },
        { RuntimeStatus.GenerationInProgress, Exited, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, ForeignStack, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationInProgress, HostUnreachable, Leave, Leave },

        { RuntimeStatus.GenerationFailed, Absent, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, EngineSighting.Running, Refresh, Refresh },
        { RuntimeStatus.GenerationFailed, Exited, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, ForeignStack, NoteMissing, MarkRemoved },
        { RuntimeStatus.GenerationFailed, HostUnreachable, Leave, Leave },

        { RuntimeStatus.EngineUnreachable, Absent, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, EngineSighting.Running, Adopt, Adopt },
        { RuntimeStatus.EngineUnreachable, Exited, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, ForeignStack, NoteMissing, MarkRemoved },
        { RuntimeStatus.EngineUnreachable, HostUnreachable, Leave, Leave },

        { RuntimeStatus.Stopped, Absent, Leave, Leave },
        { RuntimeStatus.Stopped, EngineSighting.Running, Adopt, Adopt },
        { RuntimeStatus.Stopped, Exited, Leave, Leave },
        { RuntimeStatus.Stopped, ForeignStack, Leave, Leave },
        { RuntimeStatus.Stopped, HostUnreachable, Leave, Leave },

        { RuntimeStatus.Finished, Absent, Leave, Leave },
        { RuntimeStatus.Finished, EngineSighting.Running, Leave, Leave },
        { RuntimeStatus.Finished, Exited, Leave, Leave },
        { RuntimeStatus.Finished, ForeignStack, Leave, Leave },
        { RuntimeStatus.Finished, HostUnreachable, Leave, Leave },

        { RuntimeStatus.Removed, Absent, Leave, Leave },
        { RuntimeStatus.Removed, EngineSighting.Running, Adopt, Adopt },
        { RuntimeStatus.Removed, Exited, Leave, Leave },
        { RuntimeStatus.Removed, ForeignStack, Leave, Leave },
        { RuntimeStatus.Removed, HostUnreachable, Leave, Leave },
    };

    [Theory]
    [MemberData(nameof(KnownGame))]
    public void Known_game(RuntimeStatus? status, EngineSighting engine, ReconcileAction firstMiss, ReconcileAction secondMiss)
    {
        ReconcileRules.Decide(gameKnown: true, status, engine, missedLastPass: false).ShouldBe(firstMiss);
        ReconcileRules.Decide(gameKnown: true, status, engine, missedLastPass: true).ShouldBe(secondMiss);
    }

    [Theory]
    [InlineData(Absent, Leave)]
    [InlineData(EngineSighting.Running, Orphan)]
    [InlineData(Exited, Orphan)]
    [InlineData(ForeignStack, Leave)] // another stack's engine is never ours to report or remove
    [InlineData(HostUnreachable, Leave)]
    public void Unknown_game(EngineSighting engine, ReconcileAction expected)
    {
        ReconcileRules.Decide(gameKnown: false, null, engine, missedLastPass: false).ShouldBe(expected);
        ReconcileRules.Decide(gameKnown: false, null, engine, missedLastPass: true).ShouldBe(expected);
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
        foreach (var status in Enum.GetValues<RuntimeStatus>().Where(s => ReconcileRules.Decide(true, s, Absent, true) == MarkRemoved))
        {
            RuntimeTransitions.IsAllowed(status, RuntimeStatus.Removed).ShouldBeTrue(status.ToString());
        }
    }
}
