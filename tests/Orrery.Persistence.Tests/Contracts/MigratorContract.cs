using Orrery.Storage;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class MigratorContract : StoreContract
{
    /// <summary>Records <paramref name="version"/> in the database's migration history, as a newer Orrery would.</summary>
    protected abstract Task RecordMigrationAsync(int version);

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanTheBinary_RefusesInOneLineAndAppliesNothing()
    {
        var store = await CreateStoreAsync();
        await RecordMigrationAsync(9_999);

        var refused = await Should.ThrowAsync<SchemaTooNewException>(() => store.Migrator.MigrateAsync(Ct));

        refused.DatabaseVersion.ShouldBe(9_999);
        refused.Message.ShouldNotContain("\n");
        refused.Message.ShouldContain("9999");
    }

    [Fact]
    public async Task MigrateAsync_NewDatabase_AppliesEveryMigrationInOrder()
    {
        var store = await OpenAsync();

        var applied = await store.Migrator.MigrateAsync(Ct);

        applied.ShouldNotBeEmpty();
        applied.ShouldBe(applied.Order().Distinct());
        await store.Games.UpsertAsync(Game(), Ct);
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        var store = await CreateStoreAsync();

        (await store.Migrator.MigrateAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_ReopenedDatabase_AppliesNothingAndKeepsData()
    {
        var store = await CreateStoreAsync();
        var game = Game();
        await store.Games.UpsertAsync(game, Ct);
        var runtime = await store.Runtimes.TryInsertAsync(NewRuntime(game.Id), Ct);
        var operation = (await store.Operations.InsertAsync(Operation(game.Id, idempotencyKey: "kept"), Ct)).Operation;
        await CloseAsync(store);

        var reopened = await OpenAsync();
        var applied = await reopened.Migrator.MigrateAsync(Ct);

        applied.ShouldBeEmpty();
        (await reopened.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
        (await reopened.Runtimes.GetAsync(game.Id, Ct)).ShouldBe(runtime);
        (await reopened.Operations.FindByIdempotencyKeyAsync("kept", Ct)).ShouldBe(operation);
    }

    [Fact]
    public async Task MigrateAsync_TwoNodesAtOnce_AppliesEachMigrationOnce()
    {
        var (first, second) = (await OpenAsync(), await OpenAsync());

        var runs = await Task.WhenAll(Task.Run(() => first.Migrator.MigrateAsync(Ct), Ct), Task.Run(() => second.Migrator.MigrateAsync(Ct), Ct));

        var applied = runs.SelectMany(r => r).ToList();
        applied.ShouldNotBeEmpty();
        applied.ShouldBeUnique();
        (await first.Migrator.MigrateAsync(Ct)).ShouldBeEmpty();
        await second.Games.UpsertAsync(Game(), Ct);
        (await first.Games.ListAsync(null, new PageRequest(1, 10), Ct)).Total.ShouldBe(1);
    }
}
