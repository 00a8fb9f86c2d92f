using Orrery.Persistence.Redis;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>Consumer groups on a real redis-server: shared delivery, acknowledgement, and a second member claiming what a dead one left pending.</summary>
public sealed class RedisConsumerGroupTests : IAsyncDisposable
{
    private const string Group = "orrery";
    private readonly RedisTestKeyspace _keys = new();
    private readonly RedisClient _client;
    private readonly string _stream = $"test:{Guid.NewGuid():N}";
    private readonly RedisEventStream _log;

    public RedisConsumerGroupTests()
    {
        _client = _keys.Connect();
        _log = new RedisEventStream(_client, _keys.Prefix);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadGroupAsync_TwoMembers_EachEntryGoesToOne()
    {
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct);
        var ids = await AppendAsync(4);

        var first = await _log.ReadGroupAsync(_stream, Group, "replica-a", 3, TimeSpan.Zero, Ct);
        var second = await _log.ReadGroupAsync(_stream, Group, "replica-b", 3, TimeSpan.Zero, Ct);

        first.Select(e => e.Id).ShouldBe(ids[..3]);
        second.Select(e => e.Id).ShouldBe(ids[3..]);
        (await _log.ReadGroupAsync(_stream, Group, "replica-a", 3, TimeSpan.Zero, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task EnsureGroupAsync_StartAfterAnId_DeliversOnlyLaterEntriesAndIsIdempotent()
    {
        var ids = await AppendAsync(3);

        await _log.EnsureGroupAsync(_stream, Group, ids[1], Ct);
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct); // exists: no error, no reset

        (await _log.ReadGroupAsync(_stream, Group, "replica-a", 10, TimeSpan.Zero, Ct)).Select(e => e.Id).ShouldBe([ids[2]]);
    }

    [Fact]
    public async Task ReadGroupAsync_WaitingWhenAnEntryIsAppended_ReturnsIt()
    {
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct);

        var waiting = _log.ReadGroupAsync(_stream, Group, "replica-a", 10, TimeSpan.FromSeconds(30), Ct);
        var appended = await _log.AppendAsync(_stream, Fields("late"), null, Ct);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem().Id.ShouldBe(appended);
    }

    [Fact]
    public async Task ClaimIdleAsync_EntryLeftPendingByADeadMember_IsClaimedBySecondAndNotAgainOnceAcknowledged()
    {
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct);
        var ids = await AppendAsync(3);
        var taken = await _log.ReadGroupAsync(_stream, Group, "replica-a", 3, TimeSpan.Zero, Ct);
        await _log.AcknowledgeAsync(_stream, Group, [taken[0].Id], Ct); // then replica-a dies with two pending

        // Idle for less than asked: nothing to claim yet.
        (await _log.ClaimIdleAsync(_stream, Group, "replica-b", TimeSpan.FromMinutes(1), "0-0", 10, Ct)).Entries.ShouldBeEmpty();
        await Task.Delay(50, Ct); // real server time: the idle time is Redis's clock
        var claimed = await _log.ClaimIdleAsync(_stream, Group, "replica-b", TimeSpan.FromMilliseconds(20), "0-0", 10, Ct);

        claimed.Entries.Select(e => e.Id).ShouldBe(ids[1..]);
        claimed.Entries[0].Fields["value"].ShouldBe("1");
        claimed.NextCursor.ShouldBe("0-0");
        claimed.DeletedIds.ShouldBeEmpty();
        (await _log.AcknowledgeAsync(_stream, Group, ids[1..], Ct)).ShouldBe(2);
        (await _log.ClaimIdleAsync(_stream, Group, "replica-c", TimeSpan.Zero, "0-0", 10, Ct)).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ClaimIdleAsync_PendingEntryTrimmedAway_IsReportedAsDeleted()
    {
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct);
        var ids = await AppendAsync(2);
        await _log.ReadGroupAsync(_stream, Group, "replica-a", 2, TimeSpan.Zero, Ct);
        await _client.ExecuteAsync(new("XDEL", _keys.Prefix + _stream, ids[0]), Ct);

        var claimed = await _log.ClaimIdleAsync(_stream, Group, "replica-b", TimeSpan.Zero, "0-0", 10, Ct);

        claimed.Entries.Select(e => e.Id).ShouldBe([ids[1]]);
        claimed.DeletedIds.ShouldBe([ids[0]]);
    }

    [Fact]
    public async Task ReadPendingAsync_UnacknowledgedEntries_AreReadAgainOnlyByTheirMemberAndKeptFromClaims()
    {
        await _log.EnsureGroupAsync(_stream, Group, "0-0", Ct);
        var ids = await AppendAsync(3);
        await _log.ReadGroupAsync(_stream, Group, "replica-a", 3, TimeSpan.Zero, Ct);
        await _log.AcknowledgeAsync(_stream, Group, [ids[0]], Ct);
        await _client.ExecuteAsync(new("XDEL", _keys.Prefix + _stream, ids[2]), Ct);
        await Task.Delay(500, Ct); // real server time: let the entries idle, then reading them again restarts that

        var pending = await _log.ReadPendingAsync(_stream, Group, "replica-a", 10, Ct);

        pending.Entries.Select(e => e.Id).ShouldBe([ids[1]]);
        pending.Entries[0].Fields["value"].ShouldBe("1");
        pending.DeletedIds.ShouldBe([ids[2]]);
        (await _log.ReadPendingAsync(_stream, Group, "replica-b", 10, Ct)).Entries.ShouldBeEmpty();
        (await _log.ClaimIdleAsync(_stream, Group, "replica-b", TimeSpan.FromMilliseconds(400), "0-0", 10, Ct)).Entries.ShouldBeEmpty(
            "replica-a just read them again: they are not idle");
    }

    [Fact]
    public async Task ReadGroupAsync_NoSuchGroup_ThrowsInvalidOperationNamingIt()
    {
        await AppendAsync(1);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => _log.ReadGroupAsync(_stream, "missing", "replica-a", 1, TimeSpan.Zero, Ct));

        error.Message.ShouldContain("'missing'");
        error.InnerException.ShouldBeOfType<RedisNoGroupException>();
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _keys.DisposeAsync();
    }

    private static Dictionary<string, string> Fields(string value) => new() { ["event_type"] = "test", ["value"] = value };

    private async Task<List<string>> AppendAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await _log.AppendAsync(_stream, Fields($"{i}"), null, Ct));
        }
        return ids;
    }
}
