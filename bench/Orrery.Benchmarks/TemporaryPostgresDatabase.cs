using Npgsql;

namespace Orrery.Benchmarks;

/// <summary>
/// A database of one benchmark run on the server <c>ORRERY_BENCH_POSTGRES</c> (or <c>ORRERY_TEST_POSTGRES</c>)
/// names with a superuser: created at once, dropped (with any session still on it) on dispose.
/// </summary>
internal sealed class TemporaryPostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _maintenance;

    private TemporaryPostgresDatabase(NpgsqlConnectionStringBuilder maintenance, NpgsqlConnectionStringBuilder database) =>
        (_maintenance, Connection) = (maintenance, database);

    public NpgsqlConnectionStringBuilder Connection { get; }

    public string ConnectionString => Connection.ConnectionString;

    public static async Task<TemporaryPostgresDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable("ORRERY_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("ORRERY_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set ORRERY_BENCH_POSTGRES (or ORRERY_TEST_POSTGRES) to the connection string of a superuser; a database is created and dropped.");
        var maintenance = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        var database = new NpgsqlConnectionStringBuilder(server) { Database = "orrery_bench_" + Guid.NewGuid().ToString("N")[..12] };
        await ExecuteAsync(maintenance, $"CREATE DATABASE {database.Database}", cancellationToken);
        return new TemporaryPostgresDatabase(maintenance, database);
    }

    /// <summary>Runs <paramref name="sql"/> on this database, outside the store.</summary>
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(Connection, sql, cancellationToken);

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync(_maintenance, $"DROP DATABASE IF EXISTS {Connection.Database} WITH (FORCE)", CancellationToken.None);

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
