using Orrery.Health;

namespace Orrery.Core.Tests.Health;

public sealed class HealthEventCodecTests
{
    private static readonly Guid GameId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static Dictionary<string, string> Valid() => new()
    {
        ["game_id"] = GameId.ToString(),
        ["container_id"] = "c1",
        ["event_type"] = "container_oom",
        ["occurred_at_ms"] = "1700000000000",
    };

    [Fact]
    public void An_entry_of_another_producer_with_the_spec_fields_decodes()
    {
        HealthEventCodec.TryDecode(Valid(), out var decoded, out var skip).ShouldBeTrue();

        skip.ShouldBe(HealthEventSkip.None);
        decoded.ShouldBe(new HealthEvent(GameId, "c1", HealthEventType.ContainerOom, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_entry_without_a_container_id_decodes_with_none(string? containerId)
    {
        // The seed's producers may leave the engine out: such an event is about whatever engine the game has.
        var fields = Valid();
        if (containerId is null)
        {
            fields.Remove("container_id");
        }
        else
        {
            fields["container_id"] = containerId;
        }

        HealthEventCodec.TryDecode(fields, out var decoded, out var skip).ShouldBeTrue();

        skip.ShouldBe(HealthEventSkip.None);
        decoded.ContainerId.ShouldBeNull();
        HealthEventCodec.Encode(decoded).Keys.ShouldNotContain("container_id");
    }

    [Fact]
    public void Encode_writes_exactly_the_spec_fields_and_round_trips()
    {
        var original = new HealthEvent(GameId, "proc-1", HealthEventType.ContainerExited, DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123), """{"exit_code":137}""");

        var fields = HealthEventCodec.Encode(original);

        fields.Keys.Order().ShouldBe(["container_id", "details", "event_type", "game_id", "occurred_at_ms"]);
        fields["event_type"].ShouldBe("container_exited");
        fields["occurred_at_ms"].ShouldBe("1790000000123");
        HealthEventCodec.TryDecode(fields, out var decoded, out _).ShouldBeTrue();
        decoded.ShouldBe(original);
    }

    [Theory]
    [InlineData("game_id", null, HealthEventSkip.MissingField)]
    [InlineData("event_type", " ", HealthEventSkip.MissingField)]
    [InlineData("game_id", "not-a-uuid", HealthEventSkip.InvalidGameId)]
    [InlineData("game_id", "{0f8fad5b-d9cb-469f-a165-70867728950e}", HealthEventSkip.InvalidGameId)]
    [InlineData("event_type", "container_melted", HealthEventSkip.UnknownEventType)]
    [InlineData("event_type", "ContainerOom", HealthEventSkip.UnknownEventType)]
    [InlineData("occurred_at_ms", "0", HealthEventSkip.InvalidOccurredAt)]
    [InlineData("occurred_at_ms", "-5", HealthEventSkip.InvalidOccurredAt)]
    [InlineData("occurred_at_ms", "1.5e12", HealthEventSkip.InvalidOccurredAt)]
    [InlineData("occurred_at_ms", "99999999999999999999", HealthEventSkip.InvalidOccurredAt)]
    [InlineData("details", "[1,2]", HealthEventSkip.InvalidDetails)]
    [InlineData("details", "{broken", HealthEventSkip.InvalidDetails)]
    public void Bad_entries_say_why(string field, string? value, HealthEventSkip reason)
    {
        var fields = Valid();
        if (value is null)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = value;
        }

        HealthEventCodec.TryDecode(fields, out _, out var skip).ShouldBeFalse();
        skip.ShouldBe(reason);
    }

    [Fact]
    public void Huge_or_binary_values_are_refused_without_trouble()
    {
        var huge = Valid();
        huge["container_id"] = new string('x', 1024 * 1024);
        HealthEventCodec.TryDecode(huge, out _, out var skip).ShouldBeFalse();
        skip.ShouldBe(HealthEventSkip.InvalidContainerId);

        var hugeDetails = Valid();
        hugeDetails["details"] = "{\"a\":\"" + new string('y', 1024 * 1024) + "\"}";
        HealthEventCodec.TryDecode(hugeDetails, out _, out skip).ShouldBeFalse();
        skip.ShouldBe(HealthEventSkip.InvalidDetails);

        var binary = Valid();
        binary["event_type"] = "\u0000\u00ff\ufffd";
        HealthEventCodec.TryDecode(binary, out _, out skip).ShouldBeFalse();
        skip.ShouldBe(HealthEventSkip.UnknownEventType);
    }
}
