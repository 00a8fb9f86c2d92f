using Microsoft.Data.Sqlite;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The one SQLite database file of a node: hands out connections to the stores and serialises writes.
/// </summary>
/// <remarks>
/// SQLite admits one writer at a time. Rather than let concurrent callers collide on the file lock
/// (SQLITE_BUSY, retried by sleeping), every write in this process goes through one gate and one long-lived
/// writer connection, so writers queue in memory and each write costs no connection set-up (and hot
/// statements stay compiled, see <see cref="ExecutePreparedAsync{TRow}"/>). Reads open pooled connections of
/// their own and run concurrently with each other and with the writer (WAL).
/// </remarks>
internal sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// How long a connection waits for a lock held by another process (a second node or a tool opening the same
    /// file) before failing; writers of this process never wait on it, they queue on the write gate.
    /// </summary>
    public const int BusyTimeoutMilliseconds = 5_000;

    // synchronous=NORMAL in WAL mode: a commit is in the OS once the call returns, so it survives a crash or
    // kill -9 of this process (the threat model of SPEC §4) without an fsync per commit; only a power cut or
    // kernel crash may lose the last commits. FULL would cost one fsync per write.
    private static readonly string ConnectionPragmas = $"""
        PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = NORMAL;
        """;

    // The writer checkpoints in its own commits only if the background checkpointer falls ~40 MB behind.
    private const string WriterPragmas = "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 10000;";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    // Compiled statements of the writer connection; guarded by the write gate, created with the writer.
    private SqliteCompiledStatements? _compiled;
    private SqliteCheckpointer? _checkpointer;
    private volatile bool _initialized;
    private bool _disposed;

    public SqliteDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection, alone among this process's writers, in
    /// autocommit mode: each statement is its own transaction.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writer is null)
            {
                _writer = await OpenWriterAsync(cancellationToken);
                _compiled = new SqliteCompiledStatements(_writer);
                _checkpointer = new SqliteCheckpointer(OpenConfiguredAsync);
            }
            var result = await work(_writer);
            _checkpointer!.Written();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Like <see cref="WriteAsync{T}"/>, inside one transaction committed when <paramref name="work"/> returns.</summary>
    public Task<T> WriteInTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            // BEGIN IMMEDIATE takes the write lock up front, so another process writing the same file makes
            // this wait (busy timeout) at the start instead of failing at the first write.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    /// <summary>Executes a hot-path statement on the writer, compiled on first use and re-bound from <paramref name="row"/>.</summary>
    /// <returns>The number of rows changed.</returns>
    public Task<int> ExecutePreparedAsync<TRow>(SqlitePreparedStatement<TRow> statement, TRow row, CancellationToken cancellationToken) =>
        WriteAsync(_ => _compiled!.Bind(statement, row, transaction: null).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Like <see cref="WriteInTransactionAsync{T}"/>, for a hot path of several statements: <paramref name="work"/>
    /// runs them through the writer's compiled commands.
    /// </summary>
    public Task<T> WritePreparedAsync<T>(Func<SqlitePreparedTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteInTransactionAsync((_, transaction) => work(new SqlitePreparedTransaction(_compiled!, transaction)), cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled read connection.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Runs several reads in one read transaction, so they all see the same committed state (a WAL
    /// snapshot) even while writes go on.
    /// </summary>
    public Task<T> ReadSnapshotAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            return await work(connection, transaction);
        }, cancellationToken);

    /// <remarks>Synchronous underneath (closing SQLite handles does no I/O worth awaiting); both forms exist so any container can dispose it.</remarks>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _checkpointer?.Dispose();
            _checkpointer = null;
            _compiled?.Dispose();
            _compiled = null;
            _writer?.Dispose();
            _writer = null;
            // Closes the idle pooled connections too, so nothing keeps the file open once the node stops.
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CreateDirectory();
        var connection = await OpenConfiguredAsync(cancellationToken);
        try
        {
            // WAL is persistent in the file; set by the writer before any reader relies on it.
            await ExecuteAsync(connection, WriterPragmas, cancellationToken);
            _initialized = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            // The first connection ever must be the writer: it creates the directory and switches on WAL.
            await WriteAsync(_ => Task.FromResult(true), cancellationToken);
        }
        // No pragmas: foreign keys and synchronous only matter to the writer, and a reader that meets a lock
        // is retried by Microsoft.Data.Sqlite until the command timeout. Each statement here would be compiled
        // again on every open, which was the largest cost of a read.
        return await OpenAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, ConnectionPragmas, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void CreateDirectory()
    {
        var directory = Path.GetDirectoryName(DatabasePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        // 0750: the database holds the platform's games and audit log; nobody outside the node's user and
        // group reads it. An existing directory keeps the mode its operator gave it.
        Directory.CreateDirectory(directory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
