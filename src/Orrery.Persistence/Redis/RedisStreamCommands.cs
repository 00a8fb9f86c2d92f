using System.Globalization;

namespace Orrery.Persistence.Redis;

/// <summary>The stream, hash and keyspace commands the event-stream adapter sends, argument for argument.</summary>
internal static class RedisStreamCommands
{
    /// <summary><c>XADD key [MAXLEN ~ n] * field value ...</c>: the server picks the id.</summary>
    /// <exception cref="ArgumentException">A field without a value.</exception>
    public static RedisCommand Add(string key, IReadOnlyDictionary<string, string> fields, long? maxLength)
    {
        var parts = new string[(maxLength is null ? 3 : 6) + 2 * fields.Count];
        var at = 0;
        parts[at++] = "XADD";
        parts[at++] = key;
        if (maxLength is { } max)
        {
            // "~": Redis trims whole macro nodes only, far cheaper than an exact trim on every append.
            (parts[at++], parts[at++], parts[at++]) = ("MAXLEN", "~", Number(max));
        }
        parts[at++] = "*";
        foreach (var (name, value) in fields)
        {
            parts[at++] = name;
            parts[at++] = value ?? throw new ArgumentException($"Field '{name}' has no value.", nameof(fields));
        }
        return new RedisCommand(parts);
    }

    /// <summary><c>XREAD [BLOCK ms] COUNT n STREAMS key afterId</c>: entries after <paramref name="afterId"/>.</summary>
    public static RedisCommand Read(string key, string afterId, int count, TimeSpan? block) =>
        block is { } wait
            ? new("XREAD", "BLOCK", BlockMilliseconds(wait), "COUNT", Number(count), "STREAMS", key, afterId)
            : new("XREAD", "COUNT", Number(count), "STREAMS", key, afterId);

    /// <summary><c>XREVRANGE key + - COUNT 1</c>: the newest entry, if any.</summary>
    public static RedisCommand Newest(string key) => new("XREVRANGE", key, "+", "-", "COUNT", "1");

    /// <summary><c>XREADGROUP GROUP g c COUNT n [BLOCK ms] STREAMS key &gt;</c>: entries never delivered to the group.</summary>
    public static RedisCommand ReadGroup(string key, string group, string consumer, int count, TimeSpan? block) =>
        block is { } wait
            ? new("XREADGROUP", "GROUP", group, consumer, "COUNT", Number(count), "BLOCK", BlockMilliseconds(wait), "STREAMS", key, ">")
            : new("XREADGROUP", "GROUP", group, consumer, "COUNT", Number(count), "STREAMS", key, ">");

    /// <summary>The consumer's own pending entries (its history: id <c>0</c> instead of <c>&gt;</c>).</summary>
    public static RedisCommand ReadPending(string key, string group, string consumer, int count) =>
        new("XREADGROUP", "GROUP", group, consumer, "COUNT", Number(count), "STREAMS", key, "0");

    public static RedisCommand Acknowledge(string key, string group, IReadOnlyList<string> ids) => new(["XACK", key, group, .. ids]);

    public static RedisCommand AutoClaim(string key, string group, string consumer, TimeSpan minIdle, string cursor, int count) =>
        new("XAUTOCLAIM", key, group, consumer, Number((long)minIdle.TotalMilliseconds), cursor, "COUNT", Number(count));

    public static RedisCommand CreateGroup(string key, string group, string startAfterId) =>
        new("XGROUP", "CREATE", key, group, startAfterId, "MKSTREAM");

    public static RedisCommand HashGet(string key, string field) => new("HGET", key, field);

    public static RedisCommand HashSet(string key, string field, string value) => new("HSET", key, field, value);

    /// <summary>
    /// BLOCK takes whole milliseconds and 0 means forever, so a wait is rounded up to 1 ms at least.
    /// </summary>
    private static string BlockMilliseconds(TimeSpan wait) => Number(Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds)));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
