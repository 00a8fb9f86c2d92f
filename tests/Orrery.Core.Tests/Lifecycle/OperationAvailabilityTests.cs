using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Core.Tests.Lifecycle;

/// <summary>What the dashboard offers per status, from the lifecycle's own rules (SPEC §3's table and the immediate operations).</summary>
public sealed class OperationAvailabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, false, "start")]
    [InlineData(RuntimeStatus.Starting, false, "stop pause restart patch")]
    [InlineData(RuntimeStatus.Running, false, "stop pause restart patch force_next_turn")]
    [InlineData(RuntimeStatus.Running, true, "stop resume restart patch force_next_turn")]
    [InlineData(RuntimeStatus.GenerationInProgress, false, "stop pause restart patch")]
    [InlineData(RuntimeStatus.GenerationFailed, true, "start stop resume restart patch force_next_turn")]
    [InlineData(RuntimeStatus.EngineUnreachable, false, "start stop pause restart patch")]
    [InlineData(RuntimeStatus.Stopped, false, "start")]
    [InlineData(RuntimeStatus.Stopped, true, "start")]
    [InlineData(RuntimeStatus.Finished, false, "stop")]
    [InlineData(RuntimeStatus.Removed, false, "start restart patch")]
    public void For_Status_OffersWhatTheLifecycleAdmits(RuntimeStatus? status, bool paused, string expected)
    {
        var record = status is { } known ? Record(known) with { Paused = paused } : null;

        var available = OperationAvailability.For(Guid.NewGuid(), record);

        string.Join(' ', available.Select(WireNames<OperationKind>.Name)).ShouldBe(expected);
    }

    private static RuntimeRecord Record(RuntimeStatus status) => new()
    {
        GameId = Guid.NewGuid(),
        Status = status,
        EngineId = "e1",
        EngineVersion = "1.0.0",
        TurnSchedule = "* * * * *",
        CurrentTurn = 7,
        StatusChangedAt = Now.AddMinutes(-1),
        UpdatedAt = Now.AddMinutes(-1),
        Version = 3,
    };
}
