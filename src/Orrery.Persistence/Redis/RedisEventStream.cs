using Orrery.Streams;

namespace Orrery.Persistence.Redis;

/// <summary>
/// The event streams on Redis Streams (production and cluster modes, SPEC §1): one Redis stream per event
/// stream, ids chosen by the server, retention by <c>XADD MAXLEN ~</c>, offsets per consumer label in one hash
/// per stream (<c>orrery:stream_offsets:&lt;stream&gt;</c>, field = label), consumer groups for replicas sharing a stream.
/// </summary>
/// <param name="keyPrefix">
/// Put before every key, so several Orrery stacks (or tests) can share one Redis; empty by default, so that
/// <c>runtime:health_events</c> is the very key other producers write to.
/// </param>
internal sealed partial class RedisEventStream(RedisClient redis, string keyPrefix = "") : IEventStream
{
    public const string OffsetsKeyPrefix = "orrery:stream_offsets:";

    public async Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken)
    {
        var command = AddCommand(stream, fields, maxLength);
        return (await redis.ExecuteAsync(command, cancellationToken)).AsText();
    }

    /// <summary>
    /// Every XADD written before any reply is read: a batch costs one round trip. Not atomic (a lost connection
    /// may leave a prefix appended), which a batch of events may be: each entry stands on its own.
    /// </summary>
    public async Task<IReadOnlyList<string>> AppendManyAsync(
        string stream, IReadOnlyList<IReadOnlyDictionary<string, string>> entries, long? maxLength, CancellationToken cancellationToken)
    {
        var commands = new RedisCommand[entries.Count];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = AddCommand(stream, entries[i], maxLength);
        }
        var replies = await redis.ExecuteManyAsync(commands, cancellationToken);
        return Array.ConvertAll(replies, reply => reply.AsText());
    }

    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var after = StreamArguments.EntryId(afterId, nameof(afterId)).ToString();
        StreamArguments.ReadBounds(count, wait);

        var reply = wait > TimeSpan.Zero
            ? await redis.ExecuteBlockingAsync(RedisStreamCommands.Read(StreamKey(stream), after, count, wait), cancellationToken)
            : await redis.ExecuteAsync(RedisStreamCommands.Read(StreamKey(stream), after, count, block: null), cancellationToken);
        return RedisStreamReplies.OneStream(reply);
    }

    public async Task<string> LastIdAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var newest = RedisStreamReplies.Entries(await redis.ExecuteAsync(RedisStreamCommands.Newest(StreamKey(stream)), cancellationToken));
        return newest.Count > 0 ? newest[0].Id : StreamEntryId.Zero.ToString();
    }

    public async Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var reply = await redis.ExecuteAsync(RedisStreamCommands.HashGet(OffsetsKey(stream), consumer), cancellationToken);
        return reply.AsNullableText() ?? StreamEntryId.Zero.ToString();
    }

    public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var id = StreamArguments.EntryId(entryId, nameof(entryId)).ToString();
        return redis.ExecuteAsync(RedisStreamCommands.HashSet(OffsetsKey(stream), consumer, id), cancellationToken);
    }

    private RedisCommand AddCommand(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(fields);
        StreamArguments.MaxLength(maxLength);
        if (fields.Count == 0)
        {
            throw new ArgumentException("An entry needs at least one field.", nameof(fields));
        }
        return RedisStreamCommands.Add(StreamKey(stream), fields, maxLength);
    }

    private string StreamKey(string stream) => keyPrefix + stream;

    private string OffsetsKey(string stream) => keyPrefix + OffsetsKeyPrefix + stream;
}
