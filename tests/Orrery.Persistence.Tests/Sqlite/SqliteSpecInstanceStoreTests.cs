using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Sqlite;

public sealed class SqliteSpecInstanceStoreTests : SpecInstanceStoreContract
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync();

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();
}
