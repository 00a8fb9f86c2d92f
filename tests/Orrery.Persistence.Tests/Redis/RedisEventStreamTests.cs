using Orrery.Health;
using Orrery.Persistence.Redis;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>Redis Streams against the event-stream contract on a real redis-server, plus the wire formats of SPEC §6 as other producers see them.</summary>
public sealed class RedisEventStreamTests : EventStreamContract
{
    private readonly RedisTestKeyspace _keys = new();

    protected override Task<EventStreamUnderTest> OpenDatabaseAsync() => Task.FromResult(_keys.OpenEventStream());

    protected override ValueTask DropDatabaseAsync() => _keys.DisposeAsync();

    [Fact]
    public async Task AppendAsync_HealthEvent_IsTheSpecEntryFieldForFieldAndDecodesToTheSameEvent()
    {
        var log = await OpenStreamAsync();
        var sent = new HealthEvent(
            Guid.Parse("7f1c2a9e-3b4d-4e5f-8a6b-9c0d1e2f3a4b"), "c0ffee", HealthEventType.ContainerExited,
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), """{"exit_code":137,"oom":false}""");

        await log.AppendAsync(StreamNames.HealthEvents, HealthEventCodec.Encode(sent), null, Ct);

        // Read as any other consumer would: the raw entry on the prefixed key.
        await using var raw = _keys.Connect();
        var reply = await raw.ExecuteAsync(new("XRANGE", _keys.Prefix + StreamNames.HealthEvents, "-", "+"), Ct);
        var fieldsOnTheWire = reply.AsArray().ShouldHaveSingleItem().AsArray()[1].AsArray().Select(part => part.AsText());
        fieldsOnTheWire.ShouldBe([
            "game_id", "7f1c2a9e-3b4d-4e5f-8a6b-9c0d1e2f3a4b", "container_id", "c0ffee", "event_type", "container_exited",
            "occurred_at_ms", "1700000000123", "details", """{"exit_code":137,"oom":false}"""]);
        var entry = (await log.ReadAsync(StreamNames.HealthEvents, "0-0", 10, TimeSpan.Zero, Ct)).ShouldHaveSingleItem();
        HealthEventCodec.TryDecode(entry.Fields, out var received, out var skip).ShouldBeTrue(skip.ToString());
        received.ShouldBe(sent);
    }

    [Fact]
    public async Task ReadAsync_EntryOfAnotherProducer_ReadsLikeOrrerysOwn()
    {
        var log = await OpenStreamAsync();
        await using var producer = _keys.Connect();
        // What `redis-cli XADD runtime:health_events * game_id ... occurred_at_ms 1700000000000` sends.
        var id = (await producer.ExecuteAsync(new(
            "XADD", _keys.Prefix + StreamNames.HealthEvents, "*", "game_id", "7f1c2a9e-3b4d-4e5f-8a6b-9c0d1e2f3a4b",
            "container_id", "c1", "event_type", "container_oom", "occurred_at_ms", "1700000000000"), Ct)).AsText();

        var entry = (await log.ReadAsync(StreamNames.HealthEvents, "0-0", 10, TimeSpan.Zero, Ct)).ShouldHaveSingleItem();

        entry.Id.ShouldBe(id);
        HealthEventCodec.TryDecode(entry.Fields, out var healthEvent, out _).ShouldBeTrue();
        healthEvent.Type.ShouldBe(HealthEventType.ContainerOom);
        healthEvent.OccurredAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    }

    [Fact]
    public async Task ReadAsync_FieldNameRepeatedByAnotherProducer_KeepsTheLastValue()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        await using var producer = _keys.Connect();
        await producer.ExecuteAsync(new("XADD", _keys.Prefix + name, "*", "event_type", "a", "event_type", "b"), Ct);

        var entry = (await log.ReadAsync(name, "0-0", 10, TimeSpan.Zero, Ct)).ShouldHaveSingleItem();

        entry.Fields.ShouldBe(new Dictionary<string, string> { ["event_type"] = "b" });
    }

    [Fact]
    public async Task AppendAsync_MegabyteField_ReadsBackWholeBesideSmallEntries()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var huge = string.Concat(Enumerable.Repeat("0123456789abcdef", 64 * 1024)); // 1 MiB, as a hostile producer might send
        var before = await log.AppendAsync(name, Fields("small"), null, Ct);

        var big = await log.AppendAsync(name, new Dictionary<string, string> { ["details"] = huge }, null, Ct);
        var after = await log.AppendAsync(name, Fields("small again"), null, Ct);

        var read = await ReadAllAsync(log, name);
        read.Select(e => e.Id).ShouldBe([before, big, after]);
        read[1].Fields["details"].ShouldBe(huge);
        read[2].Fields["value"].ShouldBe("small again");
    }

    [Fact]
    public async Task SaveOffsetAsync_StoresTheLabelInTheStreamsOffsetHash()
    {
        var log = await OpenStreamAsync();
        await log.SaveOffsetAsync(StreamNames.HealthEvents, "health_events", "1700000000000-7", Ct);

        await using var raw = _keys.Connect();
        var stored = await raw.ExecuteAsync(new("HGET", _keys.Prefix + "orrery:stream_offsets:runtime:health_events", "health_events"), Ct);

        stored.AsText().ShouldBe("1700000000000-7");
    }

    [Fact]
    public async Task AppendManyAsync_Batch_AppendsInOrderWithIncreasingIds()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var batch = Enumerable.Range(0, 500).Select(i => (IReadOnlyDictionary<string, string>)Fields($"{i}")).ToList();

        var ids = await log.AppendManyAsync(name, batch, null, Ct);

        ShouldStrictlyIncrease(ids);
        var read = await ReadAllAsync(log, name);
        read.Select(e => e.Id).ShouldBe(ids);
        read.Select(e => e.Fields["value"]).ShouldBe(Enumerable.Range(0, 500).Select(i => $"{i}"));
    }
}
