using Orrery.Runtime;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The storage formats of the SQLite schema (see <c>Migrations/0001_initial.sql</c>), in one place so every
/// table stores a value the same way.
/// </summary>
/// <remarks>
/// Timestamps are INTEGER Unix milliseconds UTC: they sort and compare as numbers, and a DateTimeOffset
/// round-trips at millisecond precision (sub-millisecond ticks are dropped, the offset comes back as UTC,
/// which DateTimeOffset equality ignores since it compares instants).
/// </remarks>
internal static class SqliteValues
{
    /// <summary>Lowercase 'D' format (Microsoft.Data.Sqlite would otherwise bind a Guid as a 16-byte BLOB).</summary>
    public static string Text(Guid id) => id.ToString("D");

    public static Guid Uuid(string text) => Guid.ParseExact(text, "D");

    /// <summary>
    /// Ids as one JSON array, for <c>IN (SELECT value FROM json_each(@Ids))</c>: the statement text (and its compilation
    /// cost) does not grow with the number of ids. UUID text needs no JSON escaping.
    /// </summary>
    public static string JsonArray(IEnumerable<Guid> ids) => $"[{string.Join(",", ids.Select(id => $"\"{Text(id)}\""))}]";

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public static DateTimeOffset? Time(long? millis) => millis is { } value ? Time(value) : null;

    public static long Flag(bool value) => value ? 1 : 0;

    public static bool Flag(long value) => value != 0;

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.Name(value);

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum => WireNames<TEnum>.Parse(name);
}
