using Orrery.Health;
using Orrery.Runtime;

namespace Orrery.Core.Tests.Health;

/// <summary>SPEC §6's consumer table, over every event type and every current status.</summary>
public sealed class HealthEventRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private const string Details = """{"exit_code":137,"health_output":"curl: (7) Failed to connect"}""";

    public static TheoryData<HealthEventType, RuntimeStatus> EveryEventInEveryStatus()
    {
        var data = new TheoryData<HealthEventType, RuntimeStatus>();
        foreach (var type in Enum.GetValues<HealthEventType>())
        {
            foreach (var status in Enum.GetValues<RuntimeStatus>())
            {
                data.Add(type, status);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEventInEveryStatus))]
    public void Every_event_sets_its_summary_and_moves_only_the_status_it_expects(HealthEventType type, RuntimeStatus status)
    {
        var current = Current(status);

        var next = RuntimeChanges.ApplyHealthEvent(current, new HealthEvent(current.GameId, "c1", type, Now.AddSeconds(-3), Details), Now);

        next.EngineHealth.ShouldBe(ExpectedSummary(type));
        next.LastHealthEventDetails.ShouldBe(Details, "the details are kept with the event, not dropped once validated");
        next.LastObservedAt.ShouldBe(Now);
        next.LastHealthEventAt.ShouldBe(Now.AddSeconds(-3));
        next.LastHealthEvent.ShouldBe(WireNames<HealthEventType>.Name(type));
        next.Status.ShouldBe(ExpectedStatus(type, status));
        next.StatusChangedAt.ShouldBe(next.Status == status ? current.StatusChangedAt : Now);
    }

    [Theory]
    [MemberData(nameof(EveryEventInEveryStatus))]
    public void An_event_without_an_engine_is_about_the_current_one(HealthEventType type, RuntimeStatus status)
    {
        var current = Current(status);

        var next = RuntimeChanges.ApplyHealthEvent(current, new HealthEvent(current.GameId, null, type, Now.AddSeconds(-3)), Now);

        HealthEventRules.IsStale(current, new HealthEvent(current.GameId, null, type, Now)).ShouldBeFalse();
        next.EngineHealth.ShouldBe(ExpectedSummary(type));
        next.LastHealthEventDetails.ShouldBeNull("an event without details leaves none from an earlier one");
        next.Status.ShouldBe(ExpectedStatus(type, status));
    }

    [Theory]
    [MemberData(nameof(EveryEventInEveryStatus))]
    public void An_event_of_another_engine_is_stale_and_changes_nothing(HealthEventType type, RuntimeStatus status)
    {
        // A late container_exited of a replaced engine must not make its successor unreachable (SPEC §6).
        var current = Current(status);
        var stale = new HealthEvent(current.GameId, "c0-replaced", type, Now.AddSeconds(-3));

        HealthEventRules.IsStale(current, stale).ShouldBeTrue();
        RuntimeChanges.ApplyHealthEvent(current, stale, Now).ShouldBeSameAs(current);
        HealthEventRules.IsStale(current with { EngineId = null }, stale).ShouldBeTrue("a record without an engine has none an event can be about");
    }

    private static RuntimeRecord Current(RuntimeStatus status) =>
        RuntimeRecord.NewStarting(Guid.NewGuid(), "* * * * *", Now.AddHours(-1)) with { Status = status, EngineHealth = "before", EngineId = "c1", LastHealthEventDetails = """{"before":true}""" };

    private static string ExpectedSummary(HealthEventType type) => type switch
    {
        HealthEventType.ContainerStarted => "healthy",
        HealthEventType.ProbeRecovered => "healthy",
        HealthEventType.ProbeFailed => "probe_failed",
        HealthEventType.InspectUnhealthy => "inspect_unhealthy",
        HealthEventType.ContainerExited => "exited",
        HealthEventType.ContainerOom => "oom",
        HealthEventType.ContainerDisappeared => "disappeared",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static RuntimeStatus ExpectedStatus(HealthEventType type, RuntimeStatus status) => (type, status) switch
    {
        (HealthEventType.ProbeRecovered, RuntimeStatus.EngineUnreachable) => RuntimeStatus.Running,
        (HealthEventType.ContainerExited or HealthEventType.ContainerOom or HealthEventType.ContainerDisappeared, RuntimeStatus.Running) =>
            RuntimeStatus.EngineUnreachable,
        _ => status, // a CAS that finds another status falls back to a health-only update
    };
}
