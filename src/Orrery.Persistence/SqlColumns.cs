using System.Text;

namespace Orrery.Persistence;

/// <summary>
/// Builds the column lists of a statement from a table's snake_case column names, so each row type names its
/// columns once and Dapper binds them to PascalCase row properties (<c>game_id AS GameId</c>, <c>@GameId</c>)
/// without a process-wide naming convention.
/// </summary>
internal static class SqlColumns
{
    /// <summary><c>game_id, status</c></summary>
    public static string Names(IEnumerable<string> columns) => string.Join(", ", columns);

    /// <summary><c>@GameId, @Status</c></summary>
    public static string Parameters(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "@" + Property(c)));

    /// <summary><c>status = @Status, engine_id = @EngineId</c></summary>
    public static string Assignments(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"{c} = @{Property(c)}"));

    /// <summary><c>r.game_id AS GameId, r.status AS Status</c>; unqualified when <paramref name="tableAlias"/> is null.</summary>
    public static string Select(string? tableAlias, IEnumerable<string> columns) =>
        string.Join(", ", columns.Select(c => $"{(tableAlias is null ? "" : tableAlias + ".")}{c} AS {Property(c)}"));

    /// <summary>An insert of one row from its parameters that replaces the row of the same <paramref name="key"/> (columns separated by ", "); the same in both dialects.</summary>
    public static string Upsert(string table, string[] columns, string key)
    {
        var keys = key.Split(", ");
        var updates = string.Join(", ", columns.Where(c => !keys.Contains(c)).Select(c => $"{c} = excluded.{c}"));
        return $"INSERT INTO {table} ({Names(columns)}) VALUES ({Parameters(columns)}) ON CONFLICT ({key}) DO UPDATE SET {updates}";
    }

    /// <summary><c>game_id</c> -> <c>GameId</c>.</summary>
    public static string Property(string column)
    {
        var property = new StringBuilder(column.Length);
        var upper = true;
        foreach (var c in column)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            property.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return property.ToString();
    }
}
