using Microsoft.Data.Sqlite;
using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Sqlite;

public sealed class SqliteMigratorTests : MigratorContract
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync();

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();

    protected override async Task RecordMigrationAsync(int version)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, 0)";
        await command.ExecuteNonQueryAsync(Ct);
    }
}
