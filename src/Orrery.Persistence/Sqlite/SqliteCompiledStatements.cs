using Microsoft.Data.Sqlite;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The compiled hot-path statements of the writer connection, one command per <see cref="SqlitePreparedStatement{TRow}"/>,
/// compiled on first use and re-bound on every call. Owned by <see cref="SqliteDatabase"/> and used only under its
/// write gate, so it needs no lock.
/// </summary>
internal sealed class SqliteCompiledStatements(SqliteConnection writer) : IDisposable
{
    private readonly Dictionary<object, SqliteCommand> _commands = [];

    /// <summary>The writer's command for <paramref name="statement"/>, bound to <paramref name="row"/>, in <paramref name="transaction"/> (null: autocommit).</summary>
    public SqliteCommand Bind<TRow>(SqlitePreparedStatement<TRow> statement, TRow row, SqliteTransaction? transaction)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            _commands[statement] = command = statement.Prepare(writer);
        }
        // A command keeps the transaction it last ran in; Microsoft.Data.Sqlite refuses to run it outside that one.
        command.Transaction = transaction;
        statement.Bind(command, row);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
