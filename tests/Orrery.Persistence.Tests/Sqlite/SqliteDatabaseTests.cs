using Orrery.Cluster;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Operations;
using Orrery.Persistence.Sqlite;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Sqlite;

/// <summary>What only the SQLite adapter promises: its file, its connection settings, its registration.</summary>
public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _files = new();
    private SqliteDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _database = new SqliteDatabase(_files.DatabasePath);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _files.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_MissingDirectory_CreatesItWithoutAccessForOthers()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
            return;
        }

        await _database.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: Ct)), Ct);

        var mode = File.GetUnixFileMode(Path.GetDirectoryName(_files.DatabasePath)!);
        (mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupWrite)).ShouldBe(UnixFileMode.None);
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        (mode & owner).ShouldBe(owner);
    }

    [Fact]
    public async Task WriteAsync_WriterConnection_UsesWalNormalSyncForeignKeysAndBusyTimeout()
    {
        var pragmas = await _database.WriteAsync(ReadPragmasAsync, Ct);

        pragmas.ShouldBe(("wal", 1L, 1L, (long)SqliteDatabase.BusyTimeoutMilliseconds));
    }

    [Fact]
    public async Task WriteAsync_WrittenLog_IsCopiedIntoTheFileInTheBackgroundNotInTheCommit()
    {
        // ~4 MB in one commit: far below the writer's own backstop (10,000 pages), so only the background
        // checkpointer copies it into the database file.
        await _database.WriteInTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition("CREATE TABLE filler (data BLOB)", transaction: t, cancellationToken: Ct));
            for (var i = 0; i < 1_000; i++)
            {
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO filler VALUES (randomblob(4096))", transaction: t, cancellationToken: Ct));
            }
            return true;
        }, Ct);
        var afterCommit = new FileInfo(_files.DatabasePath).Length;
        afterCommit.ShouldBeLessThan(1_000_000, "the commit itself left the pages in the log");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (new FileInfo(_files.DatabasePath).Length < 4_000_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }
        new FileInfo(_files.DatabasePath).Length.ShouldBeGreaterThanOrEqualTo(4_000_000, "the checkpointer copied the log within a few ticks");
    }

    [Fact]
    public async Task ReadAsync_ReaderConnection_SeesWalWithoutPerOpenPragmas()
    {
        // Readers skip the writer's per-connection pragmas (they only matter to writes); the journal mode is
        // a property of the file, so readers still run concurrently with the writer.
        var pragmas = await _database.ReadAsync(ReadPragmasAsync, Ct);

        pragmas.JournalMode.ShouldBe("wal");
    }

    [Fact]
    public async Task MigrateAsync_NewDatabase_RecordsEachVersionWithItsTime()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var applied = await new SqliteStoreMigrator(_database, TimeProvider.System).MigrateAsync(Ct);

        applied.ShouldBe(SchemaMigration.Sqlite.Select(m => m.Version));
        applied[0].ShouldBe(1);
        var history = await _database.ReadAsync(c => c.QueryAsync<(long Version, long AppliedAt)>(
            new CommandDefinition("SELECT version, applied_at FROM schema_migrations ORDER BY version", cancellationToken: Ct)), Ct);
        history.Select(h => (int)h.Version).ShouldBe(applied);
        history.ShouldAllBe(h => h.AppliedAt >= before);
    }

    [Fact]
    public async Task ListUnfinishedAsync_Query_UsesThePartialIndex()
    {
        await new SqliteStoreMigrator(_database, TimeProvider.System).MigrateAsync(Ct);

        var plan = await _database.ReadAsync(c => c.QueryAsync<(long, long, long, string Detail)>(
            new CommandDefinition("EXPLAIN QUERY PLAN " + StoreSql.UnfinishedOperations, cancellationToken: Ct)), Ct);

        plan.ShouldContain(step => step.Detail.Contains("operations_unfinished"));
    }

    [Fact]
    public async Task InsertAsync_Records_StoreUuidTextMillisecondsAndWireNames()
    {
        await new SqliteStoreMigrator(_database, TimeProvider.System).MigrateAsync(Ct);
        var gameId = Guid.Parse("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D");
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(1));
        var fences = new TestOwnerFences();
        await fences.AcquireAllAsync(new SqliteShardLeaseStore(_database), Ct);
        await new SqliteGameStore(_database).UpsertAsync(TestData.Game(gameId, at), Ct);
        await new SqliteRuntimeStore(_database, fences).TryInsertAsync(TestData.NewRuntime(gameId) with { Status = RuntimeStatus.GenerationInProgress }, Ct);
        await new SqliteOperationStore(_database, fences).InsertAsync(TestData.Operation(gameId, at) with { Kind = OperationKind.ForceNextTurn }, Ct);

        var stored = await _database.ReadAsync(c => c.QuerySingleAsync<(string, string, string, string, long, string)>(new CommandDefinition("""
            SELECT typeof(g.id), g.id, r.status, o.op, o.created_at, typeof(o.created_at)
            FROM games g JOIN runtime_records r ON r.game_id = g.id JOIN operations o ON o.game_id = g.id
            """, cancellationToken: Ct)), Ct);

        stored.ShouldBe(("text", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "generation_in_progress", "force_next_turn",
            at.ToUnixTimeMilliseconds(), "integer"));
    }

    [Fact]
    public void AddSqliteStore_Services_RegistersEveryPortAsSingleton()
    {
        var services = new ServiceCollection().AddSqliteStore(_files.DatabasePath);

        Type[] ports = [typeof(IStoreMigrator), typeof(IGameStore), typeof(IEngineVersionStore), typeof(IRuntimeStore),
            typeof(IPlayerMappingStore), typeof(IHealthSnapshotStore), typeof(IOperationStore), typeof(IPlayerStatsStore), typeof(IShardLeaseStore),
            typeof(IEventStream), typeof(SqliteDatabase)];
        foreach (var port in ports)
        {
            services.ShouldContain(d => d.ServiceType == port && d.Lifetime == ServiceLifetime.Singleton, port.Name);
        }
        services.ShouldContain(d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public async Task WritePreparedAsync_WorkThrows_RollsBackEveryStatement()
    {
        await new SqliteStoreMigrator(_database, TimeProvider.System).MigrateAsync(Ct);

        await Should.ThrowAsync<InvalidOperationException>(() => _database.WritePreparedAsync<int>(async transaction =>
        {
            await transaction.ExecuteAsync(InsertOffset, Offset("a", "1-0"), Ct);
            throw new InvalidOperationException("after the first statement");
        }, Ct));

        (await CountOffsetsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ExecutePreparedAsync_StatementLastRunInATransaction_RunsOnItsOwn()
    {
        await new SqliteStoreMigrator(_database, TimeProvider.System).MigrateAsync(Ct);
        await _database.WritePreparedAsync(transaction => transaction.ExecuteAsync(InsertOffset, Offset("a", "1-0"), Ct), Ct);

        // The compiled command still points at the committed transaction unless it is reset.
        await _database.ExecutePreparedAsync(InsertOffset, Offset("b", "2-0"), Ct);

        (await CountOffsetsAsync()).ShouldBe(2);
    }

    private static readonly SqlitePreparedStatement<StreamOffsetRow> InsertOffset = new(
        "INSERT INTO stream_offsets (stream, consumer, entry_id) VALUES (@Stream, @Consumer, @EntryId)", StreamOffsetRow.Columns);

    private static StreamOffsetRow Offset(string stream, string entryId) => new() { Stream = stream, Consumer = "c", EntryId = entryId };

    private Task<long> CountOffsetsAsync() =>
        _database.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM stream_offsets", cancellationToken: Ct)), Ct);

    private static async Task<(string JournalMode, long Synchronous, long ForeignKeys, long BusyTimeout)> ReadPragmasAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection) =>
        (await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode", cancellationToken: Ct)) ?? "",
         await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA synchronous", cancellationToken: Ct)),
         await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA foreign_keys", cancellationToken: Ct)),
         await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA busy_timeout", cancellationToken: Ct)));
}
