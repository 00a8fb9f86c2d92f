using Orrery.Streams;

namespace Orrery.Persistence.Redis;

internal sealed partial class RedisEventStream : IStreamConsumerGroups
{
    public async Task EnsureGroupAsync(string stream, string group, string startAfterId, CancellationToken cancellationToken)
    {
        RequireNames(stream, group);
        var start = StreamArguments.EntryId(startAfterId, nameof(startAfterId)).ToString();
        try
        {
            await redis.ExecuteAsync(RedisStreamCommands.CreateGroup(StreamKey(stream), group, start), cancellationToken);
        }
        catch (RedisBusyGroupException)
        {
            // The group exists (another replica created it first): what was asked for holds.
        }
    }

    public async Task<IReadOnlyList<StreamEntry>> ReadGroupAsync(
        string stream, string group, string consumer, int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        RequireNames(stream, group);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        StreamArguments.ReadBounds(count, wait);
        try
        {
            var reply = wait > TimeSpan.Zero
                ? await redis.ExecuteBlockingAsync(RedisStreamCommands.ReadGroup(StreamKey(stream), group, consumer, count, wait), cancellationToken)
                : await redis.ExecuteAsync(RedisStreamCommands.ReadGroup(StreamKey(stream), group, consumer, count, block: null), cancellationToken);
            return RedisStreamReplies.OneStream(reply);
        }
        catch (RedisNoGroupException ex)
        {
            throw NoGroup(stream, group, ex);
        }
    }

    public async Task<PendingEntries> ReadPendingAsync(string stream, string group, string consumer, int count, CancellationToken cancellationToken)
    {
        RequireNames(stream, group);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        try
        {
            return RedisStreamReplies.Pending(await redis.ExecuteAsync(RedisStreamCommands.ReadPending(StreamKey(stream), group, consumer, count), cancellationToken));
        }
        catch (RedisNoGroupException ex)
        {
            throw NoGroup(stream, group, ex);
        }
    }

    public async Task<long> AcknowledgeAsync(string stream, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken)
    {
        RequireNames(stream, group);
        if (entryIds.Count == 0)
        {
            return 0;
        }
        var ids = entryIds.Select(id => StreamArguments.EntryId(id, nameof(entryIds)).ToString()).ToList();
        return (await redis.ExecuteAsync(RedisStreamCommands.Acknowledge(StreamKey(stream), group, ids), cancellationToken)).AsInteger();
    }

    public async Task<ClaimedEntries> ClaimIdleAsync(
        string stream, string group, string consumer, TimeSpan minIdle, string cursor, int count, CancellationToken cancellationToken)
    {
        RequireNames(stream, group);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(minIdle, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var start = StreamArguments.EntryId(cursor, nameof(cursor)).ToString();
        try
        {
            var reply = await redis.ExecuteAsync(RedisStreamCommands.AutoClaim(StreamKey(stream), group, consumer, minIdle, start, count), cancellationToken);
            return RedisStreamReplies.Claimed(reply);
        }
        catch (RedisNoGroupException ex)
        {
            throw NoGroup(stream, group, ex);
        }
    }

    private static void RequireNames(string stream, string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(group);
    }

    private static InvalidOperationException NoGroup(string stream, string group, RedisNoGroupException cause) =>
        new($"Stream '{stream}' has no consumer group '{group}'; create it with EnsureGroupAsync first.", cause);
}
