using Orrery.Streams;

namespace Orrery.Persistence.Redis;

/// <summary>Turns the replies of the stream commands into entries.</summary>
internal static class RedisStreamReplies
{
    /// <summary>An <c>XREAD</c>/<c>XREADGROUP</c> reply of one stream: <c>[[key, [entry ...]]]</c>, or null for none.</summary>
    public static IReadOnlyList<StreamEntry> OneStream(RedisReply reply) => Entries(OneStreamEntries(reply));

    /// <summary>An <c>XREADGROUP</c> reply of a consumer's history: its pending entries, and the ids of those deleted meanwhile.</summary>
    public static PendingEntries Pending(RedisReply reply)
    {
        var deleted = new List<string>();
        return new PendingEntries(Entries(OneStreamEntries(reply), deleted), deleted);
    }

    private static RedisReply OneStreamEntries(RedisReply reply)
    {
        var streams = reply.AsArray();
        if (streams.Length == 0)
        {
            return RedisReply.Null; // no entries, as Redis says it
        }
        var keyAndEntries = streams[0].AsArray();
        return keyAndEntries.Length == 2 ? keyAndEntries[1] : throw new RedisProtocolException("A stream of an XREAD reply is not [key, entries].");
    }

    /// <summary>
    /// An array of entries, each <c>[id, [field, value, ...]]</c>. Entries deleted while pending (a null field
    /// list) are left out, their ids added to <paramref name="deletedIds"/> when given.
    /// </summary>
    public static IReadOnlyList<StreamEntry> Entries(RedisReply reply, List<string>? deletedIds = null)
    {
        var items = reply.AsArray();
        var entries = new List<StreamEntry>(items.Length);
        foreach (var item in items)
        {
            var idAndFields = item.AsArray();
            if (idAndFields.Length != 2)
            {
                throw new RedisProtocolException("A stream entry is not [id, fields].");
            }
            if (!idAndFields[1].IsNull)
            {
                entries.Add(new StreamEntry(idAndFields[0].AsText(), Fields(idAndFields[1].AsArray())));
            }
            else
            {
                deletedIds?.Add(idAndFields[0].AsText());
            }
        }
        return entries;
    }

    /// <summary>An <c>XAUTOCLAIM</c> reply: <c>[next cursor, [entry ...], [deleted id ...]]</c> (the last since Redis 7).</summary>
    public static ClaimedEntries Claimed(RedisReply reply)
    {
        var parts = reply.AsArray();
        if (parts.Length < 2)
        {
            throw new RedisProtocolException("An XAUTOCLAIM reply is not [cursor, entries, deleted].");
        }
        var deleted = parts.Length > 2 ? parts[2].AsArray().Select(id => id.AsText()).ToList() : [];
        return new ClaimedEntries(Entries(parts[1]), parts[0].AsText(), deleted);
    }

    /// <summary>
    /// Fields in the order the producer wrote them. A name written twice (Redis allows it; another producer may
    /// do it) keeps its last value rather than making the entry unreadable.
    /// </summary>
    private static OrderedDictionary<string, string> Fields(RedisReply[] namesAndValues)
    {
        if (namesAndValues.Length % 2 != 0)
        {
            throw new RedisProtocolException("A stream entry has a field without a value.");
        }
        var fields = new OrderedDictionary<string, string>(namesAndValues.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i < namesAndValues.Length; i += 2)
        {
            fields[namesAndValues[i].AsText()] = namesAndValues[i + 1].AsText();
        }
        return fields;
    }
}
