using Orrery.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Runtime;
using Orrery.Storage;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>What only the PostgreSQL adapter promises: replicas migrating together, its storage formats, its registration.</summary>
public sealed class PostgresStoreTests : StoreContract
{
    private const int Replicas = 6;

    private readonly PostgresTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync();

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();

    [Fact]
    public async Task MigrateAsync_SixReplicasAtOnce_ApplyEachMigrationOnce()
    {
        var replicas = new List<StoreUnderTest>();
        for (var i = 0; i < Replicas; i++)
        {
            replicas.Add(await OpenAsync());
        }

        var runs = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.Migrator.MigrateAsync(Ct), Ct)));

        runs.SelectMany(r => r).ShouldBe(SchemaMigration.Postgres.Select(m => m.Version));
        runs.Count(r => r.Count > 0).ShouldBe(1);
        (await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(SchemaMigration.Postgres.Count);
    }

    [Fact]
    public async Task MigrateAsync_FailingScript_LeavesNoTableAndNoHistory()
    {
        var store = await CreateStoreAsync();
        // Migrations 2 to 4 forgotten while the columns of 4 stay: 2 and 3 apply again, then 4 fails on a column that exists.
        await _database.ExecuteAsync("DELETE FROM schema_migrations WHERE version >= 2; ALTER TABLE player_stats RENAME TO player_stats_before");

        await Should.ThrowAsync<PostgresException>(() => store.Migrator.MigrateAsync(Ct));

        (await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(1);
        (await _database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'player_stats'")).ShouldBe(0);
    }

    [Fact]
    public async Task TryInsertAsync_MicrosecondsAndAnyOffset_RoundTripTheInstantToTheMicrosecond()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        // 123.4567 ms past the second, at +02:00: the 0.7 µs below the microsecond cannot be stored.
        var local = new DateTimeOffset(2030, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var inserted = await store.Runtimes.TryInsertAsync(NewRuntime(gameId) with { StatusChangedAt = local, NextTurnAt = local }, Ct);

        var stored = local.ToUniversalTime().AddTicks(-7);
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(inserted);
        inserted!.StatusChangedAt.ShouldBe(stored);
        inserted.StatusChangedAt.Offset.ShouldBe(TimeSpan.Zero);
        inserted.NextTurnAt.ShouldBe(stored);
    }

    [Fact]
    public async Task InsertAsync_PayloadNotJson_IsRefused()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();

        var failure = await Should.ThrowAsync<PostgresException>(() =>
            store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), gameId, At(1), 1, "{not json"), Ct));

        failure.SqlState.ShouldBe(PostgresErrorCodes.InvalidTextRepresentation);
    }

    [Fact]
    public void AddPostgresStore_ConnectionString_RegistersEveryPortAsSingleton()
    {
        var services = new ServiceCollection().AddPostgresStore("Host=127.0.0.1;Database=orrery;Username=orrery;Password=secret");

        Type[] ports = [typeof(IStoreMigrator), typeof(IGameStore), typeof(IEngineVersionStore), typeof(IRuntimeStore),
            typeof(IPlayerMappingStore), typeof(IHealthSnapshotStore), typeof(IOperationStore), typeof(IPlayerStatsStore), typeof(IShardLeaseStore),
            typeof(PostgresDatabase)];
        foreach (var port in ports)
        {
            services.ShouldContain(d => d.ServiceType == port && d.Lifetime == ServiceLifetime.Singleton, port.Name);
        }
        services.ShouldContain(d => d.ServiceType == typeof(TimeProvider));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host=db;Password=s3cret-Pa55;Colour=blue")]
    public void AddPostgresStore_BadConnectionString_FailsWithoutRepeatingIt(string connectionString)
    {
        var failure = Should.Throw<ArgumentException>(() => new ServiceCollection().AddPostgresStore(connectionString));

        failure.Message.ShouldContain("ConnectionStrings:Postgres");
        failure.Message.ShouldNotContain("s3cret-Pa55");
    }
}
