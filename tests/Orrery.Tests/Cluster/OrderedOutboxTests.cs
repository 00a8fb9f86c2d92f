using Orrery.Cluster;

namespace Orrery.Tests.Cluster;

public sealed class OrderedOutboxTests
{
    private static readonly OutboxLimits Fast = new(Capacity: 1_000, MaxBatch: 64, Attempts: 3, FirstPause: TimeSpan.Zero);

    [Fact]
    public async Task Posts_ManyBatches_DeliveredOnceEachInOrder()
    {
        var delivered = new List<int>();
        await using var outbox = new OrderedOutbox<int>((batch, _) => Take(delivered, batch, batch.Count), (_, _) => { }, TimeProvider.System, Fast);

        for (var i = 0; i < 500; i++)
        {
            outbox.TryPost(i).ShouldBeTrue();
        }

        await WaitUntilAsync(() => Count(delivered) == 500);
        Snapshot(delivered).ShouldBe(Enumerable.Range(0, 500));
    }

    [Fact]
    public async Task Batch_TakenInPartOrRefused_TheRestSentAgainInOrder()
    {
        var delivered = new List<int>();
        var calls = 0;
        await using var outbox = new OrderedOutbox<int>((batch, _) => ++calls switch
        {
            1 => Take(delivered, batch, 3),                            // the destination's shard stopped midway
            2 => Task.FromException<int>(new TimeoutException("no answer")), // between owners
            _ => Take(delivered, batch, batch.Count),
        }, (_, _) => { }, TimeProvider.System, Fast);

        for (var i = 0; i < 10; i++)
        {
            outbox.TryPost(i);
        }

        await WaitUntilAsync(() => Count(delivered) == 10);
        Snapshot(delivered).ShouldBe(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task Destination_NeverTakes_BatchDroppedAfterTheAttemptsWithTheReasonAndTheNextGoesOn()
    {
        var dropped = new List<(List<int> Batch, string Reason)>();
        var delivered = new List<int>();
        await using var outbox = new OrderedOutbox<int>(
            (batch, _) => batch[0] < 100 ? Task.FromException<int>(new InvalidOperationException("not_owner")) : Take(delivered, batch, batch.Count),
            (batch, reason) => { lock (dropped) { dropped.Add((batch, reason)); } }, TimeProvider.System, Fast);

        outbox.TryPost(1);
        await WaitUntilAsync(() => { lock (dropped) { return dropped.Count == 1; } });
        outbox.TryPost(100);

        await WaitUntilAsync(() => Count(delivered) == 1);
        dropped.Single().Batch.ShouldBe([1]);
        dropped.Single().Reason.ShouldBe("not_owner");
    }

    [Fact]
    public async Task Full_PostRefused()
    {
        var sending = new TaskCompletionSource();
        var gate = new TaskCompletionSource<int>();
        await using var outbox = new OrderedOutbox<int>((_, _) =>
        {
            sending.TrySetResult();
            return gate.Task;
        }, (_, _) => { }, TimeProvider.System, Fast with { Capacity = 2, MaxBatch = 1 });

        outbox.TryPost(0).ShouldBeTrue();
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken); // taken by the sender, which waits on the destination
        outbox.TryPost(1).ShouldBeTrue();
        outbox.TryPost(2).ShouldBeTrue();
        outbox.TryPost(3).ShouldBeFalse();
        gate.SetResult(1);
    }

    private static Task<int> Take(List<int> delivered, List<int> batch, int count)
    {
        lock (delivered)
        {
            delivered.AddRange(batch.Take(count));
        }
        return Task.FromResult(count);
    }

    private static int Count(List<int> delivered)
    {
        lock (delivered)
        {
            return delivered.Count;
        }
    }

    private static List<int> Snapshot(List<int> delivered)
    {
        lock (delivered)
        {
            return [.. delivered];
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }
}
