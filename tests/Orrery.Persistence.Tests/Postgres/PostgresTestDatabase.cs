using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Tests.Shared;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>
/// A database of one test on the throwaway cluster of <see cref="TestServers.Postgres"/>: created on first
/// open, dropped afterwards (with any connection still on it).
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _name = "orrery_test_" + Guid.NewGuid().ToString("N");
    private bool _created;

    /// <summary>The fences of the node under test, shared by every open of the database.</summary>
    public TestOwnerFences Fences { get; } = new();

    /// <summary>A superuser connection string to this test's database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = _name }.ConnectionString;

    /// <summary>The cluster's maintenance database, for creating and dropping this one.</summary>
    private static string Maintenance => new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Pooling = false }.ConnectionString;

    /// <summary>This test's database, for a one-off connection of the test's own.</summary>
    private string Unpooled => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>
    /// Every port over the database, as <c>AddPostgresStore</c> wires them, sharing one <see cref="PostgresDatabase"/>
    /// with a pool of its own: a second call is another node on the same database.
    /// </summary>
    public async Task<StoreUnderTest> OpenAsync(Action<PostgresStoreOptions>? configure = null)
    {
        var database = await OpenDatabaseAsync(configure);
        return new StoreUnderTest(
            new PostgresStoreMigrator(database, TimeProvider.System),
            new PostgresGameStore(database),
            new PostgresEngineVersionStore(database),
            new PostgresRuntimeStore(database, Fences),
            new PostgresPlayerMappingStore(database, Fences),
            new PostgresHealthSnapshotStore(database, Fences),
            new PostgresOperationStore(database, Fences),
            new PostgresPlayerStatsStore(database, Fences, TimeProvider.System),
            new PostgresShardLeaseStore(database),
            new PostgresSessionPoolStore(database),
            new PostgresSpecInstanceStore(database, Fences),
            Fences,
            database);
    }

    public async Task<PostgresDatabase> OpenDatabaseAsync(Action<PostgresStoreOptions>? configure = null)
    {
        if (!_created)
        {
            await RunAsync(Maintenance, $"CREATE DATABASE {_name}", (command, ct) => command.ExecuteNonQueryAsync(ct));
            _created = true;
        }
        var options = new PostgresStoreOptions { ConnectionString = ConnectionString, RetryDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return new PostgresDatabase(
            PostgresStoreServiceCollectionExtensions.CreateDataSourceBuilder(options).Build(), options, TimeProvider.System,
            NullLogger<PostgresDatabase>.Instance);
    }

    /// <summary>Ends every session on this database, as an administrator or a failover would.</summary>
    /// <returns>How many sessions were terminated.</returns>
    public async Task<int> TerminateSessionsAsync() =>
        // From the cluster's maintenance database, so the terminating session is not among the terminated.
        Convert.ToInt32(await RunAsync(Maintenance,
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{_name}'", (command, ct) => command.ExecuteScalarAsync(ct)));

    /// <summary>Runs <paramref name="sql"/> on this test's database, outside the store.</summary>
    public Task ExecuteAsync(string sql) => RunAsync(Unpooled, sql, (command, ct) => command.ExecuteNonQueryAsync(ct));

    /// <summary>The first value <paramref name="sql"/> selects on this test's database, outside the store.</summary>
    public async Task<T> ScalarAsync<T>(string sql) => (T)(await RunAsync(Unpooled, sql, (command, ct) => command.ExecuteScalarAsync(ct)))!;

    public async ValueTask DisposeAsync()
    {
        if (_created)
        {
            await RunAsync(Maintenance, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", (command, ct) => command.ExecuteNonQueryAsync(ct));
        }
    }

    private static async Task<T> RunAsync<T>(string connectionString, string sql, Func<NpgsqlCommand, CancellationToken, Task<T>> run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await run(command, TestContext.Current.CancellationToken);
    }
}
