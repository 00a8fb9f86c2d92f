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
}
