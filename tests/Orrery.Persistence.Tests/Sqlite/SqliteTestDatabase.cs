using Orrery.Persistence.Sqlite;
using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Sqlite;

/// <summary>A database file of one test, in a temp directory of its own that is deleted afterwards.</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("orrery-sqlite-test-");

    /// <summary>The fences of the node under test, shared by every open of the file.</summary>
    public TestOwnerFences Fences { get; } = new();

    /// <summary>In a directory that does not exist yet: the store creates it.</summary>
    public string DatabasePath => Path.Combine(_root.FullName, "data", "orrery.db");

    /// <summary>Every port over the file, as <c>AddSqliteStore</c> wires them, sharing one <see cref="SqliteDatabase"/>.</summary>
    public Task<StoreUnderTest> OpenAsync()
    {
        var database = new SqliteDatabase(DatabasePath);
        return Task.FromResult(new StoreUnderTest(
            new SqliteStoreMigrator(database, TimeProvider.System),
            new SqliteGameStore(database),
            new SqliteEngineVersionStore(database),
            new SqliteRuntimeStore(database, Fences),
            new SqlitePlayerMappingStore(database, Fences),
            new SqliteHealthSnapshotStore(database, Fences),
            new SqliteOperationStore(database, Fences),
            new SqlitePlayerStatsStore(database, Fences, TimeProvider.System),
            new SqliteShardLeaseStore(database),
            new SqliteSessionPoolStore(database),
            new SqliteSpecInstanceStore(database, Fences),
            Fences,
            database));
    }

    /// <summary>
    /// The event log over the file, migrated, with a <see cref="SqliteDatabase"/> of its own: a second call is
    /// another process on the same file (or the same node restarted once the first is disposed).
    /// </summary>
    public async Task<EventStreamUnderTest> OpenEventStreamAsync(TimeProvider time, TimeSpan? pollInterval = null)
    {
        var database = new SqliteDatabase(DatabasePath);
        await new SqliteStoreMigrator(database, time).MigrateAsync(TestContext.Current.CancellationToken);
        var stream = new SqliteEventStream(database, time) { PollInterval = pollInterval ?? SqliteEventStream.DefaultPollInterval };
        return new EventStreamUnderTest(stream, database);
    }

    public ValueTask DisposeAsync()
    {
        _root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
