using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// A write statement of the hot path that the writer connection compiles once and re-binds on every call,
/// its parameters taken from the row's properties named after <paramref name="columns"/>.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite compiles the SQL of every new command (dotnet/efcore#14044), and Dapper creates a
/// new command per call: for a one-row insert that compilation costs about as much as the write itself.
/// </remarks>
internal sealed class SqlitePreparedStatement<TRow>(string sql, IEnumerable<string> columns)
{
    private readonly PropertyInfo[] _properties = columns
        .Select(c => typeof(TRow).GetProperty(SqlColumns.Property(c))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} has no property for column {c}."))
        .ToArray();

    /// <summary>Creates and compiles the command on <paramref name="connection"/>; its owner disposes it.</summary>
    public SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var property in _properties)
        {
            command.Parameters.Add("@" + property.Name, StorageType(property));
        }
        command.Prepare();
        return command;
    }

    public void Bind(SqliteCommand command, TRow row)
    {
        for (var i = 0; i < _properties.Length; i++)
        {
            command.Parameters[i].Value = _properties[i].GetValue(row) ?? DBNull.Value;
        }
    }

    /// <summary>Rows hold only the storage types of <see cref="SqliteValues"/>: TEXT as string, INTEGER as long.</summary>
    private static SqliteType StorageType(PropertyInfo property) =>
        (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) switch
        {
            var t when t == typeof(string) => SqliteType.Text,
            var t when t == typeof(long) => SqliteType.Integer,
            var t => throw new InvalidOperationException($"{typeof(TRow).Name}.{property.Name} is a {t.Name}; rows hold string or long."),
        };
}
