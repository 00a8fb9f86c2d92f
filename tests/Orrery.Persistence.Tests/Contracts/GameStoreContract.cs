using Orrery.Games;
using Orrery.Runtime;
using Orrery.Storage;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class GameStoreContract : StoreContract
{
    [Fact]
    public async Task UpsertAsync_NewGame_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var game = Game(createdAt: new DateTimeOffset(2031, 5, 6, 7, 8, 9, 987, TimeSpan.FromHours(2)),
            memberships: [new Membership(Guid.NewGuid(), "Zeta"), new Membership(Guid.NewGuid(), "Alpha"), new Membership(Guid.NewGuid(), "Ünïcødé ✓")]);

        await store.Games.UpsertAsync(game, Ct);

        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
    }

    [Fact]
    public async Task UpsertAsync_ExistingGame_ReplacesMembershipsAndKeepsCreatedAt()
    {
        var store = await CreateStoreAsync();
        var game = Game(createdAt: At(0));
        await store.Games.UpsertAsync(game, Ct);
        var kept = game.Memberships[1];
        var updated = game with
        {
            TargetEngineVersion = "2.0.0",
            TurnSchedule = "0 0 * * *",
            Memberships = [new Membership(Guid.NewGuid(), "Newcomers"), kept with { RaceName = "Renamed" }],
            CreatedAt = At(100),
            UpdatedAt = At(200),
        };

        await store.Games.UpsertAsync(updated, Ct);

        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(updated with { CreatedAt = game.CreatedAt });
    }

    [Fact]
    public async Task UpsertAsync_DuplicateRaceName_FailsAndKeepsPreviousGame()
    {
        var store = await CreateStoreAsync();
        var game = Game();
        await store.Games.UpsertAsync(game, Ct);
        var clash = game with { TurnSchedule = "0 0 * * *", Memberships = [new Membership(Guid.NewGuid(), "Same"), new Membership(Guid.NewGuid(), "Same")] };

        var failure = await Record.ExceptionAsync(() => store.Games.UpsertAsync(clash, Ct));

        failure.ShouldNotBeNull();
        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
    }

    [Fact]
    public async Task GetAsync_UnknownGame_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        (await store.Games.GetAsync(Guid.NewGuid(), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsEmptyPage()
    {
        var store = await CreateStoreAsync();

        var page = await store.Games.ListAsync(null, new PageRequest(1, 10), Ct);

        page.Items.ShouldBeEmpty();
        (page.Number, page.Size, page.Total).ShouldBe((1, 10, 0L));
    }

    [Fact]
    public async Task ListAsync_SeveralPages_OrdersByCreationAndCountsTotal()
    {
        var store = await CreateStoreAsync();
        var games = new[] { 5, 1, 3, 2, 4 }.Select(s => Game(createdAt: At(s))).ToList();
        foreach (var game in games)
        {
            await store.Games.UpsertAsync(game, Ct);
        }
        var expected = games.OrderBy(g => g.CreatedAt).Select(g => g.Id).ToList();

        var pages = new List<Page<GameView>>();
        for (var number = 1; number <= 3; number++)
        {
            pages.Add(await store.Games.ListAsync(null, new PageRequest(number, 2), Ct));
        }

        pages.Select(p => p.Total).ShouldAllBe(total => total == 5);
        pages.Select(p => p.Items.Count).ShouldBe([2, 2, 1]);
        pages.SelectMany(p => p.Items).Select(v => v.Game.Id).ShouldBe(expected);
        pages[1].Number.ShouldBe(2);
        pages[1].Size.ShouldBe(2);
    }

    [Fact]
    public async Task ListAsync_SameCreationTime_OrdersById()
    {
        var store = await CreateStoreAsync();
        foreach (var n in new[] { 3, 1, 2 })
        {
            await store.Games.UpsertAsync(Game(OrderedId(n), At(0)), Ct);
        }

        var page = await store.Games.ListAsync(null, new PageRequest(1, 10), Ct);

        page.Items.Select(v => v.Game.Id).ShouldBe([OrderedId(1), OrderedId(2), OrderedId(3)]);
    }

    [Fact]
    public async Task ListAsync_NoFilter_ReturnsEveryGameWithItsRuntimeAndMemberships()
    {
        var store = await CreateStoreAsync();
        var idle = Game(createdAt: At(1));
        var started = Game(createdAt: At(2));
        await store.Games.UpsertAsync(idle, Ct);
        await store.Games.UpsertAsync(started, Ct);
        var runtime = await store.Runtimes.TryInsertAsync(FullRuntime(started.Id), Ct);

        var page = await store.Games.ListAsync(null, new PageRequest(1, 10), Ct);

        page.Items.Count.ShouldBe(2);
        page.Items[0].Game.ShouldMatch(idle);
        page.Items[0].Runtime.ShouldBeNull();
        page.Items[1].Game.ShouldMatch(started);
        page.Items[1].Runtime.ShouldBe(runtime);
    }

    [Fact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyGamesWhoseRuntimeHasIt()
    {
        var store = await CreateStoreAsync();
        var statuses = new RuntimeStatus?[] { null, RuntimeStatus.Running, RuntimeStatus.Starting, RuntimeStatus.Running, RuntimeStatus.Stopped, RuntimeStatus.Running };
        var games = new List<Game>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var game = Game(createdAt: At(i));
            games.Add(game);
            await store.Games.UpsertAsync(game, Ct);
            if (statuses[i] is { } status)
            {
                await store.Runtimes.TryInsertAsync(NewRuntime(game.Id) with { Status = status }, Ct);
            }
        }

        var first = await store.Games.ListAsync(RuntimeStatus.Running, new PageRequest(1, 2), Ct);
        var second = await store.Games.ListAsync(RuntimeStatus.Running, new PageRequest(2, 2), Ct);
        var none = await store.Games.ListAsync(RuntimeStatus.Finished, new PageRequest(1, 2), Ct);

        first.Total.ShouldBe(3);
        second.Total.ShouldBe(3);
        first.Items.Concat(second.Items).Select(v => v.Game.Id).ShouldBe([games[1].Id, games[3].Id, games[5].Id]);
        first.Items.Concat(second.Items).ShouldAllBe(v => v.Runtime!.Status == RuntimeStatus.Running);
        none.Total.ShouldBe(0);
        none.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_GameWithEverything_CascadesButKeepsOperations()
    {
        var store = await CreateStoreAsync();
        var (game, other) = (Game(), Game());
        foreach (var g in new[] { game, other })
        {
            await store.Games.UpsertAsync(g, Ct);
            await store.Runtimes.TryInsertAsync(NewRuntime(g.Id), Ct);
            await store.Mappings.ReplaceAsync(g.Id, [new PlayerMapping(g.Id, g.Memberships[0].UserId, g.Memberships[0].RaceName, Guid.NewGuid())], Ct);
            await store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), g.Id, At(3), 1, "{}"), Ct);
        }
        var operation = (await store.Operations.InsertAsync(Operation(game.Id), Ct)).Operation;

        (await store.Games.DeleteAsync(game.Id, Ct)).ShouldBeTrue();

        (await store.Games.GetAsync(game.Id, Ct)).ShouldBeNull();
        (await store.Runtimes.GetAsync(game.Id, Ct)).ShouldBeNull();
        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBeEmpty();
        (await store.Snapshots.ListAsync(game.Id, new PageRequest(1, 10), Ct)).Total.ShouldBe(0);
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(operation);
        (await store.Operations.ListAsync(game.Id, new PageRequest(1, 10), Ct)).Items.ShouldBe([operation]);

        (await store.Games.GetAsync(other.Id, Ct)).ShouldMatch(other);
        (await store.Runtimes.GetAsync(other.Id, Ct)).ShouldNotBeNull();
        (await store.Mappings.ListAsync(other.Id, Ct)).Count.ShouldBe(1);
        (await store.Snapshots.ListAsync(other.Id, new PageRequest(1, 10), Ct)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task DeleteAsync_UnknownGame_ReturnsFalse()
    {
        var store = await CreateStoreAsync();

        (await store.Games.DeleteAsync(Guid.NewGuid(), Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task UpsertAsync_DeletedGameRegisteredAgain_StartsWithoutRuntime()
    {
        var store = await CreateStoreAsync();
        var game = Game();
        await store.Games.UpsertAsync(game, Ct);
        await store.Runtimes.TryInsertAsync(NewRuntime(game.Id), Ct);
        await store.Games.DeleteAsync(game.Id, Ct);

        await store.Games.UpsertAsync(game, Ct);

        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
        (await store.Runtimes.GetAsync(game.Id, Ct)).ShouldBeNull();
    }
}
