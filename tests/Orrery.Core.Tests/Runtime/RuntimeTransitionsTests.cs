using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Specs;

namespace Orrery.Core.Tests.Runtime;

public sealed class RuntimeTransitionsTests
{
    // Every row of SPEC §3, expanded.
    public static TheoryData<RuntimeStatus?, RuntimeStatus> AllowedPairs()
    {
        var data = new TheoryData<RuntimeStatus?, RuntimeStatus>
        {
            { null, RuntimeStatus.Starting },
            { RuntimeStatus.Stopped, RuntimeStatus.Starting },
            { RuntimeStatus.Removed, RuntimeStatus.Starting },
            { RuntimeStatus.EngineUnreachable, RuntimeStatus.Starting },
            { RuntimeStatus.GenerationFailed, RuntimeStatus.Starting },
            { RuntimeStatus.Starting, RuntimeStatus.Running },
            { RuntimeStatus.Starting, RuntimeStatus.EngineUnreachable },
            { RuntimeStatus.Running, RuntimeStatus.GenerationInProgress },
            { RuntimeStatus.GenerationInProgress, RuntimeStatus.Running },
            { RuntimeStatus.GenerationInProgress, RuntimeStatus.Finished },
            { RuntimeStatus.GenerationInProgress, RuntimeStatus.GenerationFailed },
            { RuntimeStatus.GenerationFailed, RuntimeStatus.GenerationInProgress },
            { RuntimeStatus.Running, RuntimeStatus.EngineUnreachable },
            { RuntimeStatus.EngineUnreachable, RuntimeStatus.Running },
            { RuntimeStatus.Finished, RuntimeStatus.Stopped },
        };
        foreach (var status in NonTerminal)
        {
            data.Add(status, RuntimeStatus.Stopped);
            data.Add(status, RuntimeStatus.Removed);
        }
        return data;
    }

    private static readonly RuntimeStatus[] NonTerminal =
    [
        RuntimeStatus.Starting, RuntimeStatus.Running, RuntimeStatus.GenerationInProgress,
        RuntimeStatus.GenerationFailed, RuntimeStatus.EngineUnreachable,
    ];

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void IsAllowed_PairInSpecTable_True(RuntimeStatus? from, RuntimeStatus to) =>
        RuntimeTransitions.IsAllowed(from, to).ShouldBeTrue();

    [Fact]
    public void IsAllowed_EveryPairOutsideTable_False()
    {
        var allowed = AllowedPairs().Select(row => ((RuntimeStatus?)row.Data.Item1, row.Data.Item2)).ToHashSet();
        var sources = Enum.GetValues<RuntimeStatus>().Cast<RuntimeStatus?>().Append(null);
        foreach (var from in sources)
        {
            foreach (var to in Enum.GetValues<RuntimeStatus>())
            {
                RuntimeTransitions.IsAllowed(from, to).ShouldBe(allowed.Contains((from, to)), $"{from} -> {to}");
            }
        }
    }

    [Theory]
    [InlineData(RuntimeStatus.Stopped, true)]
    [InlineData(RuntimeStatus.Finished, true)]
    [InlineData(RuntimeStatus.Removed, true)]
    [InlineData(RuntimeStatus.Running, false)]
    [InlineData(RuntimeStatus.EngineUnreachable, false)]
    public void IsTerminal_Status_MatchesSpec(RuntimeStatus status, bool terminal) =>
        RuntimeTransitions.IsTerminal(status).ShouldBe(terminal);

    [Fact]
    public void TransitionTo_RejectedPair_ThrowsInvalidTransition()
    {
        var record = RuntimeRecord.NewStarting(Guid.NewGuid(), "* * * * *", DateTimeOffset.UnixEpoch);

        var error = Should.Throw<OrreryException>(() => record.TransitionTo(RuntimeStatus.Finished, DateTimeOffset.UnixEpoch));

        error.Code.ShouldBe(ErrorCodes.InvalidTransition);
    }

    [Fact]
    public void TransitionTo_Stopped_StampsStoppedAtAndStatusChange()
    {
        var at = DateTimeOffset.UnixEpoch.AddHours(1);
        var record = RuntimeRecord.NewStarting(Guid.NewGuid(), "* * * * *", DateTimeOffset.UnixEpoch);

        var stopped = record.TransitionTo(RuntimeStatus.Stopped, at);

        stopped.Status.ShouldBe(RuntimeStatus.Stopped);
        stopped.StoppedAt.ShouldBe(at);
        stopped.StatusChangedAt.ShouldBe(at);
    }

    [Theory]
    [InlineData(RuntimeStatus.GenerationInProgress, "generation_in_progress")]
    [InlineData(RuntimeStatus.EngineUnreachable, "engine_unreachable")]
    [InlineData(RuntimeStatus.Running, "running")]
    public void WireNames_Status_SnakeCase(RuntimeStatus status, string name)
    {
        WireNames<RuntimeStatus>.Name(status).ShouldBe(name);
        WireNames<RuntimeStatus>.Parse(name).ShouldBe(status);
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Steps_PairInSpecTable_TheOneStepOfItsAction(RuntimeStatus? from, RuntimeStatus to)
    {
        var steps = RuntimeTransitions.Steps(from, to).Where(s => !s.IsInitialisation).ToList();

        steps.ShouldHaveSingleItem().ShouldBe(new SpexTransition(RuntimeTransitions.StateName(from), RuntimeTransitions.ActionFor(from, to)!, RuntimeTransitions.StateName(to)));
    }

    [Fact]
    public void Steps_NewRecord_StartWithTheInitialisation()
    {
        RuntimeTransitions.Steps(null, RuntimeStatus.Starting).Select(s => s.ToString()).ShouldBe(
            ["nil --[__initialisation__]-> none", "none --[launch]-> starting"]);
    }

    [Fact]
    public void Steps_WriteAcrossAStatus_ShortestPathOfTheTable()
    {
        // A relaunch of a running game marks it unreachable first; an adoption of a stopped game passes starting.
        RuntimeTransitions.Steps(RuntimeStatus.Running, RuntimeStatus.Starting).Select(s => s.ToString()).ShouldBe(
            ["running --[engine_lost]-> engine_unreachable", "engine_unreachable --[launch]-> starting"]);
        RuntimeTransitions.Steps(RuntimeStatus.Stopped, RuntimeStatus.Running).Select(s => s.ToString()).ShouldBe(
            ["stopped --[launch]-> starting", "starting --[engine_ready]-> running"]);
    }

    [Fact]
    public void Steps_SameStatus_None() =>
        RuntimeTransitions.Steps(RuntimeStatus.Running, RuntimeStatus.Running).ShouldBeEmpty();

    [Fact]
    public void Specification_IsTheRepositoryFile()
    {
        var file = Path.Combine(RepositoryRoot(), "specs", "game-runtime.spex");

        RuntimeTransitions.Specification.Document.ShouldBe(SpexFormat.Parse(File.ReadAllText(file), "game-runtime.spex"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orrery.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Orrery.slnx not found above the test binaries.");
    }
}
