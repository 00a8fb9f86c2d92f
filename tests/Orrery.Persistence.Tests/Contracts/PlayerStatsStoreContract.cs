using Orrery.Errors;
using Orrery.Runtime;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class PlayerStatsStoreContract : StoreContract
{
    [Fact]
    public async Task RecordAsync_FirstStanding_IsBothCurrentAndMax()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];

        var stats = await store.Stats.RecordAsync(game.Id, [new PlayerStanding(alice.UserId, alice.RaceName, 3, 120)], Ct);

        stats.ShouldBe([new PlayerTurnStats(alice.UserId, alice.RaceName, 3, 120, 3, 120)]);
    }

    [Fact]
    public async Task RecordAsync_ValuesRiseThenFall_MaximaAreTheTrueMaxima()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];
        (int Planets, long Population)[] turns = [(2, 100), (5, 90), (4, 400), (1, 50)];

        IReadOnlyList<PlayerTurnStats> stats = [];
        foreach (var (planets, population) in turns)
        {
            stats = await store.Stats.RecordAsync(game.Id, [new PlayerStanding(alice.UserId, alice.RaceName, planets, population)], Ct);
        }

        stats.ShouldBe([new PlayerTurnStats(alice.UserId, alice.RaceName, 1, 50, 5, 400)]);
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBe(stats);
    }

    [Fact]
    public async Task RecordAsync_SeveralPlayers_ReturnsThemInTheOrderGiven_ListAsync_ByRaceName()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var (andorians, cygnans) = (game.Memberships[0], game.Memberships[1]);
        // A population beyond 32 bits: engines may grow it large.
        PlayerStanding[] standings = [new(cygnans.UserId, cygnans.RaceName, 7, 5_000_000_000), new(andorians.UserId, andorians.RaceName, 1, 10)];

        var stats = await store.Stats.RecordAsync(game.Id, standings, Ct);

        stats.Select(s => s.RaceName).ShouldBe(["Cygnans", "Andorians"]);
        stats[0].MaxPopulation.ShouldBe(5_000_000_000);
        (await store.Stats.ListAsync(game.Id, Ct)).Select(s => s.RaceName).ShouldBe(["Andorians", "Cygnans"]);
    }

    [Fact]
    public async Task RecordAsync_SomePlayers_LeavesTheOthersAsTheyWere()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var (andorians, cygnans) = (game.Memberships[0], game.Memberships[1]);
        await store.Stats.RecordAsync(game.Id,
            [new PlayerStanding(andorians.UserId, andorians.RaceName, 4, 40), new PlayerStanding(cygnans.UserId, cygnans.RaceName, 6, 60)], Ct);

        await store.Stats.RecordAsync(game.Id, [new PlayerStanding(cygnans.UserId, cygnans.RaceName, 2, 20)], Ct);

        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBe(
        [
            new PlayerTurnStats(andorians.UserId, andorians.RaceName, 4, 40, 4, 40),
            new PlayerTurnStats(cygnans.UserId, cygnans.RaceName, 2, 20, 6, 60),
        ]);
    }

    [Fact]
    public async Task RecordAsync_SameUserTwice_ThrowsArgumentExceptionAndWritesNothing()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];

        await Should.ThrowAsync<ArgumentException>(() => store.Stats.RecordAsync(game.Id,
            [new PlayerStanding(alice.UserId, alice.RaceName, 1, 1), new PlayerStanding(alice.UserId, alice.RaceName, 2, 2)], Ct));

        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListAsync_TwoGames_ReturnsOnlyThatGamesStats()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var other = TestData.Game();
        await store.Games.UpsertAsync(other, Ct);
        var mine = await store.Stats.RecordAsync(game.Id, [new PlayerStanding(game.Memberships[0].UserId, game.Memberships[0].RaceName, 1, 10)], Ct);
        await store.Stats.RecordAsync(other.Id, [new PlayerStanding(other.Memberships[0].UserId, other.Memberships[0].RaceName, 9, 90)], Ct);

        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBe(mine);
    }

    [Fact]
    public async Task RecordAsync_NoStandings_ChangesNothing()
    {
        var (store, game) = await CreateStoreWithGameAsync();

        (await store.Stats.RecordAsync(game.Id, [], Ct)).ShouldBeEmpty();
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAsync_UnknownGame_IsNotFoundAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var unknown = Guid.NewGuid();

        var error = await Should.ThrowAsync<OrreryException>(() =>
            store.Stats.RecordAsync(unknown, [new PlayerStanding(Guid.NewGuid(), "Ghosts", 1, 1)], Ct));

        error.Code.ShouldBe(ErrorCodes.NotFound);
        (await store.Stats.ListAsync(unknown, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Stats_OutliveThePlayerMappings_AndGoWithTheGame()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];
        await store.Mappings.ReplaceAsync(game.Id, [new PlayerMapping(game.Id, alice.UserId, alice.RaceName, Guid.NewGuid())], Ct);
        await store.Stats.RecordAsync(game.Id, [new PlayerStanding(alice.UserId, alice.RaceName, 2, 20)], Ct);

        await store.Mappings.DeleteAsync(game.Id, Ct);
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldHaveSingleItem();

        await store.Games.DeleteAsync(game.Id, Ct);
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordManyAsync_SeveralGames_FoldsEachGamesMaxima_AndReturnsThemInTheOrderGiven()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var other = TestData.Game();
        await store.Games.UpsertAsync(other, Ct);
        var (andorians, cygnans, theirs) = (game.Memberships[0], game.Memberships[1], other.Memberships[0]);
        await store.Stats.RecordAsync(game.Id, [new PlayerStanding(andorians.UserId, andorians.RaceName, 9, 900)], Ct);

        var stats = await store.Stats.RecordManyAsync(
        [
            (other.Id, [new PlayerStanding(theirs.UserId, theirs.RaceName, 3, 30)]),
            (game.Id, [new PlayerStanding(cygnans.UserId, cygnans.RaceName, 2, 5_000_000_000), new PlayerStanding(andorians.UserId, andorians.RaceName, 4, 400)]),
        ], Ct);

        stats.ShouldBe(
        [
            [new PlayerTurnStats(theirs.UserId, theirs.RaceName, 3, 30, 3, 30)],
            [
                new PlayerTurnStats(cygnans.UserId, cygnans.RaceName, 2, 5_000_000_000, 2, 5_000_000_000),
                new PlayerTurnStats(andorians.UserId, andorians.RaceName, 4, 400, 9, 900),
            ],
        ]);
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBe([stats[1][1], stats[1][0]]);
    }

    [Fact]
    public async Task RecordManyAsync_GameNotRegistered_GetsAnEmptyList_AndTheOthersAreWritten()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];
        var deleted = Guid.NewGuid();

        var stats = await store.Stats.RecordManyAsync(
        [
            (deleted, [new PlayerStanding(Guid.NewGuid(), "Ghosts", 1, 1)]),
            (game.Id, [new PlayerStanding(alice.UserId, alice.RaceName, 2, 20)]),
            (Guid.NewGuid(), []),
        ], Ct);

        stats.ShouldBe([[], [new PlayerTurnStats(alice.UserId, alice.RaceName, 2, 20, 2, 20)], []]);
        (await store.Stats.ListAsync(deleted, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordManyAsync_SameGameTwice_ThrowsArgumentExceptionAndWritesNothing()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var (andorians, cygnans) = (game.Memberships[0], game.Memberships[1]);

        await Should.ThrowAsync<ArgumentException>(() => store.Stats.RecordManyAsync(
        [
            (game.Id, [new PlayerStanding(andorians.UserId, andorians.RaceName, 1, 1)]),
            (game.Id, [new PlayerStanding(cygnans.UserId, cygnans.RaceName, 2, 2)]),
        ], Ct));

        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordManyAsync_Repeated_LeavesTheSameStats()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var alice = game.Memberships[0];
        IReadOnlyList<(Guid, IReadOnlyList<PlayerStanding>)> batch = [(game.Id, [new PlayerStanding(alice.UserId, alice.RaceName, 5, 50)])];

        var first = await store.Stats.RecordManyAsync(batch, Ct);
        var again = await store.Stats.RecordManyAsync(batch, Ct);

        again.ShouldBe(first);
        (await store.Stats.ListAsync(game.Id, Ct)).ShouldBe(first[0]);
    }
}
