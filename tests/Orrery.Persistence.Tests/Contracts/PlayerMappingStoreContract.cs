using Orrery.Games;
using Orrery.Runtime;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class PlayerMappingStoreContract : StoreContract
{
    [Fact]
    public async Task ReplaceAsync_NewMappings_GetReturnsEachWithEveryField()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var mappings = MappingsOf(game);

        await store.Mappings.ReplaceAsync(game.Id, mappings, Ct);

        foreach (var mapping in mappings)
        {
            (await store.Mappings.GetAsync(game.Id, mapping.UserId, Ct)).ShouldBe(mapping);
        }
    }

    [Fact]
    public async Task ReplaceAsync_AgainWithOtherMappings_KeepsOnlyTheNewOnes()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var first = MappingsOf(game);
        await store.Mappings.ReplaceAsync(game.Id, first, Ct);
        // A restart gives every player a new engine id; one player left in between.
        var second = new[] { first[1] with { EnginePlayerId = Guid.NewGuid() } };

        await store.Mappings.ReplaceAsync(game.Id, second, Ct);

        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBe(second);
        (await store.Mappings.GetAsync(game.Id, first[0].UserId, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ReplaceAsync_EmptyList_RemovesEveryMapping()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        await store.Mappings.ReplaceAsync(game.Id, MappingsOf(game), Ct);

        await store.Mappings.ReplaceAsync(game.Id, [], Ct);

        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReplaceAsync_MappingOfAnotherGame_ThrowsAndWritesNothing()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var stray = new PlayerMapping(Guid.NewGuid(), Guid.NewGuid(), "Stray", Guid.NewGuid());

        await Should.ThrowAsync<ArgumentException>(() => store.Mappings.ReplaceAsync(game.Id, [.. MappingsOf(game), stray], Ct));

        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListAsync_TwoGames_ReturnsOnlyThatGamesMappings()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var other = Game();
        await store.Games.UpsertAsync(other, Ct);
        var mappings = MappingsOf(game);
        await store.Mappings.ReplaceAsync(game.Id, mappings, Ct);
        await store.Mappings.ReplaceAsync(other.Id, MappingsOf(other), Ct);

        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBe(mappings, ignoreOrder: true);
        (await store.Mappings.ListAsync(Guid.NewGuid(), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListManyAsync_SeveralGames_ReturnsEachGamesMappingsByRaceName_AndEmptyForAGameWithout()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var other = Game(memberships: [new Membership(Guid.NewGuid(), "Zetans"), new Membership(Guid.NewGuid(), "Betans")]);
        var unmapped = Game();
        await store.Games.UpsertAsync(other, Ct);
        await store.Games.UpsertAsync(unmapped, Ct);
        var mine = MappingsOf(game);
        var theirs = MappingsOf(other);
        await store.Mappings.ReplaceAsync(game.Id, mine, Ct);
        await store.Mappings.ReplaceAsync(other.Id, theirs, Ct);
        var unknown = Guid.NewGuid();

        var listed = await store.Mappings.ListManyAsync([other.Id, game.Id, unmapped.Id, unknown, game.Id], Ct);

        listed.Keys.ShouldBe([other.Id, game.Id, unmapped.Id, unknown], ignoreOrder: true);
        listed[game.Id].ShouldBe(mine.OrderBy(m => m.RaceName, StringComparer.Ordinal));
        listed[other.Id].Select(m => m.RaceName).ShouldBe(["Betans", "Zetans"]);
        listed[unmapped.Id].ShouldBeEmpty();
        listed[unknown].ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_MappedGame_RemovesOnlyThatGamesMappings()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        var other = Game();
        await store.Games.UpsertAsync(other, Ct);
        await store.Mappings.ReplaceAsync(game.Id, MappingsOf(game), Ct);
        var kept = MappingsOf(other);
        await store.Mappings.ReplaceAsync(other.Id, kept, Ct);

        await store.Mappings.DeleteAsync(game.Id, Ct);

        (await store.Mappings.ListAsync(game.Id, Ct)).ShouldBeEmpty();
        (await store.Mappings.ListAsync(other.Id, Ct)).ShouldBe(kept, ignoreOrder: true);
    }

    [Fact]
    public async Task GetAsync_UnknownUser_ReturnsNull()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        await store.Mappings.ReplaceAsync(game.Id, MappingsOf(game), Ct);

        (await store.Mappings.GetAsync(game.Id, Guid.NewGuid(), Ct)).ShouldBeNull();
    }

    private static PlayerMapping[] MappingsOf(Game game) =>
        game.Memberships.Select(m => new PlayerMapping(game.Id, m.UserId, m.RaceName, Guid.NewGuid())).ToArray();
}
