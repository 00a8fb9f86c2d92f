using Microsoft.Extensions.Logging.Abstractions;
using Orrery.ReferenceEngine.Hosting;
using Orrery.ReferenceEngine.Persistence;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Hosting;

public sealed class GameServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task NextTurnAsync_CancelledDuringTurnDelay_ThrowsAndLeavesStateUnchanged()
    {
        var game = Create(new EngineOptions { StatePath = _dir.Path, TurnDelay = TimeSpan.FromHours(1) });
        await game.InitAsync(TestGames.Id(1), TestGames.Races(2), TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var turn = game.NextTurnAsync(null, null, cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => turn);
        game.Current!.Turn.ShouldBe(0);
        (await new GameStateStore(_dir.Path).LoadAsync(TestContext.Current.CancellationToken))!.Turn.ShouldBe(0);
    }

    [Fact]
    public async Task NextTurnAsync_AfterCancelledTurn_StillGeneratesNextTurn()
    {
        var game = Create(new EngineOptions { StatePath = _dir.Path });
        await game.InitAsync(TestGames.Id(1), TestGames.Races(2), TestContext.Current.CancellationToken);
        await Should.ThrowAsync<OperationCanceledException>(() => game.NextTurnAsync(null, null, new CancellationToken(canceled: true)));

        var result = await game.NextTurnAsync(null, null, TestContext.Current.CancellationToken);

        result.Status.ShouldBe(GameCommandStatus.Ok);
        result.State!.Turn.ShouldBe(1);
    }

    [Fact]
    public async Task InitAsync_MaxTurnsSet_FixesLimitInTheSavedGame()
    {
        var game = Create(new EngineOptions { StatePath = _dir.Path, MaxTurns = 7 });

        var result = await game.InitAsync(TestGames.Id(1), TestGames.Races(2), TestContext.Current.CancellationToken);

        result.State!.MaxTurns.ShouldBe(7);
        (await new GameStateStore(_dir.Path).LoadAsync(TestContext.Current.CancellationToken))!.MaxTurns.ShouldBe(7);
    }

    [Fact]
    public async Task NextTurnAsync_TwoCallsExpectingTheSameTurn_ExactlyOnePlays()
    {
        var clock = new HeldTimeProvider();
        var game = Create(new EngineOptions { StatePath = _dir.Path, TurnDelay = TimeSpan.FromSeconds(1) }, clock);
        await game.InitAsync(TestGames.Id(1), TestGames.Races(2), TestContext.Current.CancellationToken);

        var first = game.NextTurnAsync(0, null, TestContext.Current.CancellationToken);
        var second = game.NextTurnAsync(0, null, TestContext.Current.CancellationToken);
        clock.Held.ShouldBe(1, "the first call holds the game inside its turn delay");
        second.IsCompleted.ShouldBeFalse("the second call waits for the first");
        clock.ReleaseAll();

        var played = await first;
        var refused = await second;
        played.Status.ShouldBe(GameCommandStatus.Ok);
        played.State!.Turn.ShouldBe(1);
        refused.Status.ShouldBe(GameCommandStatus.TurnMismatch);
        refused.State!.Turn.ShouldBe(1);
        game.Current!.Turn.ShouldBe(1);
        (await new GameStateStore(_dir.Path).LoadAsync(TestContext.Current.CancellationToken))!.Turn.ShouldBe(1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task NextTurnAsync_ExpectedTurnIsNotTheCurrentOne_RefusesAndChangesNothing(int expectedTurn)
    {
        var game = Create(new EngineOptions { StatePath = _dir.Path });
        await game.InitAsync(TestGames.Id(1), TestGames.Races(2), TestContext.Current.CancellationToken);
        await game.NextTurnAsync(null, null, TestContext.Current.CancellationToken);
        await game.NextTurnAsync(null, null, TestContext.Current.CancellationToken);
        var before = game.Current!;

        var result = await game.NextTurnAsync(expectedTurn, null, TestContext.Current.CancellationToken);

        result.Status.ShouldBe(GameCommandStatus.TurnMismatch);
        result.State.ShouldBeSameAs(before);
        result.Detail.ShouldContain("turn 2");
        game.Current.ShouldBeSameAs(before);
    }

    private static GameService Create(EngineOptions options, TimeProvider? time = null) =>
        new(new GameStateStore(options.StatePath), options, time ?? TimeProvider.System, NullLogger<GameService>.Instance);
}
