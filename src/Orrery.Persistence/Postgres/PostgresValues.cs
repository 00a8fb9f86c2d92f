using Orrery.Runtime;

namespace Orrery.Persistence.Postgres;

/// <summary>
/// The storage formats of the PostgreSQL schema (see <c>Migrations/0001_initial.sql</c>) that Npgsql does not
/// pick by itself: UUIDs, booleans and numbers bind natively; timestamps and enums go through here.
/// </summary>
/// <remarks>
/// A timestamptz holds an instant at microsecond precision. Npgsql writes a DateTimeOffset only when its offset
/// is zero, so every timestamp is converted to UTC first; it reads back as UTC, which DateTimeOffset equality
/// ignores since it compares instants. Ticks below a microsecond are dropped.
/// </remarks>
internal static class PostgresValues
{
    /// <summary>The instant in UTC, truncated to the microsecond as the column keeps it, so a row holds what the server stores.</summary>
    public static DateTimeOffset Utc(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    public static DateTimeOffset? Utc(DateTimeOffset? time) => time is { } value ? Utc(value) : null;

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.Name(value);

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum => WireNames<TEnum>.Parse(name);
}
