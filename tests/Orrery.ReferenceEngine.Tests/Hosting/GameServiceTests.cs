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

        var turn = game.NextTurnAsync(cancel.Token);
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
        await Should.ThrowAsync<OperationCanceledException>(() => game.NextTurnAsync(new CancellationToken(canceled: true)));

        var result = await game.NextTurnAsync(TestContext.Current.CancellationToken);

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

    private static GameService Create(EngineOptions options) =>
        new(new GameStateStore(options.StatePath), options, TimeProvider.System, NullLogger<GameService>.Instance);
}
