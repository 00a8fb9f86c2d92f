using Orrery.Scheduling;

namespace Orrery.Core.Tests.Scheduling;

public sealed class TurnSlotsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Six_fields_have_second_precision_and_the_next_slot_is_strictly_later()
    {
        TurnSlots.Next("*/10 * * * * *", Noon).ShouldBe(Noon.AddSeconds(10));
        TurnSlots.Next("*/10 * * * * *", Noon.AddMilliseconds(1)).ShouldBe(Noon.AddSeconds(10));
        TurnSlots.Next("* * * * * *", Noon.AddMilliseconds(999)).ShouldBe(Noon.AddSeconds(1));
    }

    [Fact]
    public void Five_fields_have_minute_precision() =>
        TurnSlots.Next("30 18 * * *", Noon).ShouldBe(Noon.AddHours(6).AddMinutes(30));

    [Fact]
    public void Slots_are_utc_whatever_the_offset_of_the_base_time()
    {
        var noonInBerlin = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(1)); // 11:00 UTC
        TurnSlots.Next("0 12 * * *", noonInBerlin).ShouldBe(Noon);
    }

    [Theory]
    [InlineData("not cron")]
    [InlineData("0 0 30 2 *")] // never fires
    public void An_invalid_schedule_has_no_slot(string expression) => TurnSlots.Next(expression, Noon).ShouldBeNull();

    [Fact]
    public void Slots_between_two_instants_exclude_the_first_include_the_last_and_stop_at_the_cap()
    {
        TurnSlots.CountBetween("*/10 * * * * *", Noon, Noon.AddSeconds(30), atMost: 100).ShouldBe(3);
        TurnSlots.CountBetween("*/10 * * * * *", Noon, Noon.AddSeconds(9.9), atMost: 100).ShouldBe(0);
        TurnSlots.CountBetween("* * * * * *", Noon, Noon.AddDays(365), atMost: 1_000).ShouldBe(1_000);
        TurnSlots.CountBetween("not cron", Noon, Noon.AddDays(1), atMost: 10).ShouldBe(0);
    }
}
