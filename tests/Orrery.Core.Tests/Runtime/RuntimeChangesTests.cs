using Orrery.Engines;
using Orrery.Errors;
using Orrery.Health;
using Orrery.Runtime;

namespace Orrery.Core.Tests.Runtime;

/// <summary>Every change of <see cref="RuntimeChanges"/> from every status: the status it leaves, or the error it refuses with.</summary>
public sealed class RuntimeChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 30, TimeSpan.Zero);
    private static readonly EngineInstance Engine = new("e2", Guid.Empty, "1.0.1", new Uri("http://127.0.0.1:9000/"), true, Now);

    private static readonly RuntimeStatus[] Columns =
    [
        RuntimeStatus.Starting, RuntimeStatus.Running, RuntimeStatus.GenerationInProgress, RuntimeStatus.GenerationFailed,
        RuntimeStatus.EngineUnreachable, RuntimeStatus.Stopped, RuntimeStatus.Finished, RuntimeStatus.Removed,
    ];

    // One row per change; one column per status of Columns. "!code" is a refusal with that error code.
    private static readonly Dictionary<string, (Func<RuntimeRecord, RuntimeRecord> Change, string Row)> Table = new()
    {
        ["launch"] = (r => RuntimeChanges.Launch(r, r.GameId, r.TurnSchedule, Launched, Now),
            "starting starting !invalid_transition starting starting starting !invalid_transition starting"),
        ["engine ready"] = (r => RuntimeChanges.EngineReady(r, Now),
            "running running running !invalid_transition running !invalid_transition !invalid_transition !invalid_transition"),
        ["unreachable"] = (r => RuntimeChanges.Unreachable(r, Now),
            "engine_unreachable engine_unreachable !invalid_transition !invalid_transition !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["adopt"] = (r => RuntimeChanges.Adopt(r, Engine, Now),
            "running !invalid_transition running running running running !invalid_transition running"),
        ["engine gone"] = (r => RuntimeChanges.EngineGone(r, Now),
            "removed removed removed removed removed !invalid_transition !invalid_transition !invalid_transition"),
        ["stop"] = (r => RuntimeChanges.Stop(r, leaveClock: true, Now),
            "stopped stopped stopped stopped stopped !invalid_transition stopped !invalid_transition"),
        ["begin turn"] = (r => RuntimeChanges.BeginTurn(r, r.CurrentTurn, Now),
            "!invalid_transition generation_in_progress !invalid_transition generation_in_progress !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["end turn"] = (r => RuntimeChanges.EndTurn(r, finished: false, Now),
            "!invalid_transition !invalid_transition running !invalid_transition !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["last turn"] = (r => RuntimeChanges.EndTurn(r, finished: true, Now),
            "!invalid_transition !invalid_transition finished !invalid_transition !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["fail turn"] = (r => RuntimeChanges.FailTurn(r, Now),
            "!invalid_transition !invalid_transition generation_failed !invalid_transition !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["pause"] = (r => RuntimeChanges.Pause(r, Now),
            "starting running generation_in_progress generation_failed engine_unreachable !invalid_transition !invalid_transition !invalid_transition"),
        ["resume"] = (r => RuntimeChanges.Resume(r, Now),
            "starting running generation_in_progress generation_failed engine_unreachable !invalid_transition !invalid_transition !invalid_transition"),
        ["force next turn"] = (r => RuntimeChanges.ForceNextTurn(r, Now),
            "!invalid_transition running !conflict generation_failed !invalid_transition !invalid_transition !invalid_transition !invalid_transition"),
        ["container exited"] = (r => RuntimeChanges.ApplyHealthEvent(r, new HealthEvent(r.GameId, "e1", HealthEventType.ContainerExited, Now), Now),
            "starting engine_unreachable generation_in_progress generation_failed engine_unreachable stopped finished removed"),
        ["probe recovered"] = (r => RuntimeChanges.ApplyHealthEvent(r, new HealthEvent(r.GameId, "e1", HealthEventType.ProbeRecovered, Now), Now),
            "starting running generation_in_progress generation_failed running stopped finished removed"),
        ["observed"] = (r => RuntimeChanges.Observed(r, 8, Now),
            "starting running generation_in_progress generation_failed engine_unreachable stopped finished removed"),
        ["on engine"] = (r => RuntimeChanges.OnEngine(r, Engine),
            "starting running generation_in_progress generation_failed engine_unreachable stopped finished removed"),
        ["skip slot"] = (r => RuntimeChanges.SkipSlot(r, Now),
            "starting running generation_in_progress generation_failed engine_unreachable stopped finished removed"),
    };

    private static LaunchedEngine Launched => new(Engine, "orrery/engine:1.0.1", "1.0.1", "/state/g");

    public static TheoryData<string, RuntimeStatus, string> Cells()
    {
        var data = new TheoryData<string, RuntimeStatus, string>();
        foreach (var (name, (_, row)) in Table)
        {
            var cells = row.Split(' ');
            cells.Length.ShouldBe(Columns.Length, name);
            for (var i = 0; i < Columns.Length; i++)
            {
                data.Add(name, Columns[i], cells[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Change_FromStatus_LeavesTheStatusOfTheTable(string change, RuntimeStatus from, string expected)
    {
        var current = Record(from);

        var outcome = Outcome(() => Table[change].Change(current));

        outcome.ShouldBe(expected, $"{change} from {WireNames<RuntimeStatus>.Name(from)}");
    }

    [Fact]
    public void Launch_NoRecord_NewStartingRecordOnTheEngine()
    {
        var gameId = Guid.NewGuid();

        var record = RuntimeChanges.Launch(null, gameId, "*/5 * * * *", Launched, Now);

        record.Status.ShouldBe(RuntimeStatus.Starting);
        (record.EngineId, record.EngineEndpoint, record.EngineVersion, record.StatePath).ShouldBe(("e2", "http://127.0.0.1:9000/", "1.0.1", "/state/g"));
    }

    [Fact]
    public void OnEngine_AnotherEngineOnAnotherNetwork_TheRecordNamesItAndKeepsANetworkTheHostDidNotSay()
    {
        var record = RuntimeChanges.Launch(null, Guid.NewGuid(), "0 * * * *", Launched, Now) with { Network = "orrery-net" };

        var refreshed = RuntimeChanges.OnEngine(record, Engine with { Id = "e9", Endpoint = new Uri("http://127.0.0.1:9100/"), Network = "host" });

        (refreshed.EngineId, refreshed.EngineEndpoint, refreshed.Network).ShouldBe(("e9", "http://127.0.0.1:9100/", "host"));
        RuntimeChanges.OnEngine(record, Engine with { Network = null }).Network.ShouldBe("orrery-net");
    }

    [Fact]
    public void EndTurn_NextSlotAfterTheTurnBegan_NotAfterItEnded()
    {
        // The turn began at 12:00:00 on a per-minute schedule and ended 30 s later: the next slot is 12:01:00.
        var begun = Record(RuntimeStatus.GenerationInProgress) with { StatusChangedAt = Now.AddSeconds(-30) };

        RuntimeChanges.EndTurn(begun, finished: false, Now.AddMinutes(5)).NextTurnAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 12, 1, 0, TimeSpan.Zero));
    }

    [Fact]
    public void EngineReady_KeepsAFutureSlot_TakesTheNextForAPastOne()
    {
        var kept = Record(RuntimeStatus.Starting) with { NextTurnAt = Now.AddMinutes(3) };
        var lost = Record(RuntimeStatus.Starting) with { NextTurnAt = Now.AddMinutes(-3) };

        RuntimeChanges.EngineReady(kept, Now).NextTurnAt.ShouldBe(Now.AddMinutes(3));
        RuntimeChanges.EngineReady(lost, Now).NextTurnAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 12, 1, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Stop_LeaveClockForAStop_KeepItForARestart()
    {
        var running = Record(RuntimeStatus.Running) with { NextTurnAt = Now.AddMinutes(1) };

        RuntimeChanges.Stop(running, leaveClock: true, Now).NextTurnAt.ShouldBeNull();
        RuntimeChanges.Stop(running, leaveClock: false, Now).NextTurnAt.ShouldBe(Now.AddMinutes(1));
    }

    [Fact]
    public void BeginTurn_TurnPlayedMeanwhile_Conflict()
    {
        var running = Record(RuntimeStatus.Running) with { CurrentTurn = 4 };

        Outcome(() => RuntimeChanges.BeginTurn(running, turnSeen: 3, Now)).ShouldBe("!conflict");
    }

    private static RuntimeRecord Record(RuntimeStatus status) => new()
    {
        GameId = Guid.NewGuid(),
        Status = status,
        EngineId = "e1",
        TurnSchedule = "* * * * *",
        CurrentTurn = 7,
        StatusChangedAt = Now.AddMinutes(-1),
        UpdatedAt = Now.AddMinutes(-1),
        Version = 3,
    };

    private static string Outcome(Func<RuntimeRecord> change)
    {
        try
        {
            return WireNames<RuntimeStatus>.Name(change().Status);
        }
        catch (OrreryException ex)
        {
            return "!" + ex.Code;
        }
    }
}
