using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Postgres;

public sealed class PostgresMigratorTests : MigratorContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync();

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();

    protected override Task RecordMigrationAsync(int version) =>
        _database.ExecuteAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({version}, '{version}_from_the_future', now())");
}
