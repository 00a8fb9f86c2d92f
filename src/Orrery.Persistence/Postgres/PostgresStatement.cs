using System.Reflection;
using Npgsql;
using NpgsqlTypes;

namespace Orrery.Persistence.Postgres;

/// <summary>
/// A statement of the hot path with positional parameters (<c>$1</c> is the first of <paramref name="columns"/>),
/// bound from the row's properties named after them, for commands Dapper cannot fill: the members of an
/// <see cref="NpgsqlBatch"/>. Each parameter is typed, so a NULL needs no type inference by the server.
/// </summary>
internal sealed class PostgresStatement<TRow>(string sql, IReadOnlyList<string> columns)
{
    private readonly (PropertyInfo Property, NpgsqlDbType Type)[] _parameters = columns
        .Select(c => typeof(TRow).GetProperty(SqlColumns.Property(c))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} has no property for column {c}."))
        .Select(p => (p, StorageType(p)))
        .ToArray();

    public NpgsqlBatchCommand Bind(TRow row)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (property, type) in _parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = property.GetValue(row) ?? DBNull.Value });
        }
        return command;
    }

    private static NpgsqlDbType StorageType(PropertyInfo property) =>
        (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) switch
        {
            var t when t == typeof(Guid) => NpgsqlDbType.Uuid,
            var t when t == typeof(string) => NpgsqlDbType.Text,
            var t when t == typeof(int) => NpgsqlDbType.Integer,
            var t when t == typeof(long) => NpgsqlDbType.Bigint,
            var t when t == typeof(bool) => NpgsqlDbType.Boolean,
            var t when t == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            var t => throw new InvalidOperationException($"{typeof(TRow).Name}.{property.Name} is a {t.Name}, which no column type stands for here."),
        };
}
