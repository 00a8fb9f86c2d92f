using Orrery.Persistence.Sqlite;
using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Sqlite;

/// <summary>A database file of one test, in a temp directory of its own that is deleted afterwards.</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("orrery-sqlite-test-");

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
            new SqliteRuntimeStore(database),
            new SqlitePlayerMappingStore(database),
            new SqliteHealthSnapshotStore(database),
            new SqliteOperationStore(database),
            new SqlitePlayerStatsStore(database),
            database));
    }

    public ValueTask DisposeAsync()
    {
        _root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
