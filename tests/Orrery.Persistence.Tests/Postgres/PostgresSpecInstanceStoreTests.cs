using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Postgres;

public sealed class PostgresSpecInstanceStoreTests : SpecInstanceStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync();

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();
}
