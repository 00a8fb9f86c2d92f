using Orrery.Lifecycle;
using Orrery.Operations;

namespace Orrery.Core.Tests.Lifecycle;

public sealed class OperationQueueTests
{
    private static Operation Op(Guid gameId, OperationKind kind = OperationKind.Start) => new()
    {
        Id = Guid.NewGuid(),
        GameId = gameId,
        Kind = kind,
        Source = OperationSource.Lobby,
        Status = OperationStatus.Queued,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void TryEnqueue_AtCapacity_Rejected()
    {
        var queue = new OperationQueue(2);

        queue.TryEnqueue(Op(Guid.NewGuid())).ShouldBeTrue();
        queue.TryEnqueue(Op(Guid.NewGuid())).ShouldBeTrue();
        queue.TryEnqueue(Op(Guid.NewGuid())).ShouldBeFalse();
        queue.Depth.ShouldBe(2);
    }

    [Fact]
    public async Task Complete_FreesCapacity()
    {
        var queue = new OperationQueue(1);
        queue.TryEnqueue(Op(Guid.NewGuid()));

        queue.Complete(await queue.DequeueAsync(TestContext.Current.CancellationToken));

        queue.TryEnqueue(Op(Guid.NewGuid())).ShouldBeTrue();
    }

    [Fact]
    public void TryEnqueue_IgnoreCapacity_AcceptsRecoveredWork()
    {
        var queue = new OperationQueue(1);
        queue.TryEnqueue(Op(Guid.NewGuid()));

        queue.TryEnqueue(Op(Guid.NewGuid()), ignoreCapacity: true).ShouldBeTrue();
    }

    [Fact]
    public async Task DequeueAsync_SameGame_InOrderAndOneAtATime()
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = new OperationQueue(10);
        var game = Guid.NewGuid();
        var first = Op(game, OperationKind.Start);
        var second = Op(game, OperationKind.Stop);
        queue.TryEnqueue(first);
        queue.TryEnqueue(second);

        var taken = await queue.DequeueAsync(ct);
        taken.ShouldBe(first);

        // While the first runs, the game's second operation is not handed out.
        var blocked = queue.DequeueAsync(ct).AsTask();
        await Task.Yield();
        blocked.IsCompleted.ShouldBeFalse();

        queue.Complete(taken);
        (await blocked).ShouldBe(second);
    }

    [Fact]
    public async Task DequeueAsync_DifferentGames_BothAvailableAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = new OperationQueue(10);
        queue.TryEnqueue(Op(Guid.NewGuid()));
        queue.TryEnqueue(Op(Guid.NewGuid()));

        var a = await queue.DequeueAsync(ct);
        var b = await queue.DequeueAsync(ct);

        a.GameId.ShouldNotBe(b.GameId);
    }

    [Fact]
    public async Task DequeueAsync_ManyGamesAndWorkers_PerGameOrderKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = new OperationQueue(10_000);
        var games = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        var expected = games.ToDictionary(g => g, _ => new List<Guid>());
        for (var i = 0; i < 2_000; i++)
        {
            var op = Op(games[i % games.Length]);
            expected[op.GameId].Add(op.Id);
            queue.TryEnqueue(op);
        }

        var seen = games.ToDictionary(g => g, _ => new List<Guid>());
        var running = new HashSet<Guid>();
        async Task Worker()
        {
            while (queue.Depth > 0)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(TimeSpan.FromSeconds(1));
                Operation op;
                try { op = await queue.DequeueAsync(idle.Token); }
                catch (OperationCanceledException) { return; }
                lock (running) { running.Add(op.GameId).ShouldBeTrue("two workers held one game"); }
                await Task.Yield();
                lock (running) { running.Remove(op.GameId); seen[op.GameId].Add(op.Id); }
                queue.Complete(op);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Worker, ct)));

        foreach (var game in games)
        {
            seen[game].ShouldBe(expected[game]);
        }
    }

    [Fact]
    public void Close_RejectsNewWork()
    {
        var queue = new OperationQueue(10);
        queue.Close();

        queue.TryEnqueue(Op(Guid.NewGuid())).ShouldBeFalse();
    }

    [Fact]
    public async Task LastPendingKind_TracksRunningAndWaiting()
    {
        var queue = new OperationQueue(10);
        var game = Guid.NewGuid();
        queue.LastPendingKind(game).ShouldBeNull();

        queue.TryEnqueue(Op(game, OperationKind.Start));
        var running = await queue.DequeueAsync(TestContext.Current.CancellationToken);
        queue.LastPendingKind(game).ShouldBe(OperationKind.Start);

        queue.TryEnqueue(Op(game, OperationKind.Stop));
        queue.LastPendingKind(game).ShouldBe(OperationKind.Stop);

        queue.Complete(running);
        queue.Complete(await queue.DequeueAsync(TestContext.Current.CancellationToken));
        queue.LastPendingKind(game).ShouldBeNull();
    }
}
