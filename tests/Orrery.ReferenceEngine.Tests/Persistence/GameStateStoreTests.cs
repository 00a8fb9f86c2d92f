using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Persistence;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Persistence;

public sealed class GameStateStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LoadAsync_NothingSaved_ReturnsNull()
    {
        var store = new GameStateStore(_dir.Path);

        (await store.LoadAsync(TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task SaveAsync_ThenLoadAsync_RoundTripsTheGame()
    {
        var state = TurnGenerator.Next(TestGames.Create(seed: 2, races: 3));
        var store = new GameStateStore(_dir.Path);

        await store.SaveAsync(state, TestContext.Current.CancellationToken);
        var loaded = await new GameStateStore(_dir.Path).LoadAsync(TestContext.Current.CancellationToken);

        loaded.ShouldNotBeNull();
        loaded.GameId.ShouldBe(state.GameId);
        loaded.Turn.ShouldBe(1);
        loaded.MaxTurns.ShouldBe(state.MaxTurns);
        loaded.Races.ShouldBe(state.Races);
        loaded.Planets.ShouldBe(state.Planets);
    }

    [Fact]
    public async Task SaveAsync_Twice_KeepsOnlyTheLatestAndNoTempFile()
    {
        var state = TestGames.Create(seed: 2, races: 2);
        var store = new GameStateStore(_dir.Path);

        await store.SaveAsync(state, TestContext.Current.CancellationToken);
        await store.SaveAsync(TurnGenerator.Next(state), TestContext.Current.CancellationToken);

        Directory.GetFiles(_dir.Path).Select(Path.GetFileName).ShouldBe([GameStateStore.FileName]);
        (await store.LoadAsync(TestContext.Current.CancellationToken))!.Turn.ShouldBe(1);
    }

    [Fact]
    public async Task LoadAsync_CorruptFile_ThrowsInvalidData()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, GameStateStore.FileName), "{ not json", TestContext.Current.CancellationToken);

        await Should.ThrowAsync<InvalidDataException>(() => new GameStateStore(_dir.Path).LoadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        var nested = Path.Combine(_dir.Path, "a", "b");

        new GameStateStore(nested).Directory.ShouldBe(nested);

        Directory.Exists(nested).ShouldBeTrue();
    }
}
