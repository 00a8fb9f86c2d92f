using Orrery.Batching;

namespace Orrery.Core.Tests.Batching;

public sealed class GroupCommitTests
{
    private readonly List<IReadOnlyList<int>> _batches = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GroupCommit<int, string> Create(Func<int, string>? result = null, int maxBatch = int.MaxValue) => new(async items =>
    {
        lock (_batches)
        {
            _batches.Add(items);
        }
        await _release.Task;
        return [.. items.Select(result ?? (i => $"#{i}"))];
    }, maxBatch);

    [Fact]
    public async Task WriteAsync_NoBatchBeingWritten_WritesTheItemAlone()
    {
        var commit = Create();
        _release.SetResult();

        (await commit.WriteAsync(1)).ShouldBe("#1");
        (await commit.WriteAsync(2)).ShouldBe("#2");

        _batches.ShouldBe([[1], [2]]);
    }

    [Fact]
    public async Task WriteAsync_ItemsArrivingDuringAWrite_GoTogetherInTheNextBatch()
    {
        var commit = Create();
        var first = commit.WriteAsync(1); // held: its write waits for the release
        var later = Enumerable.Range(2, 5).Select(commit.WriteAsync).ToList();

        _release.SetResult();

        (await first).ShouldBe("#1");
        (await Task.WhenAll(later)).ShouldBe(["#2", "#3", "#4", "#5", "#6"]);
        _batches.ShouldBe([[1], [2, 3, 4, 5, 6]]);
    }

    [Fact]
    public async Task WriteAsync_AFailedBatch_IsWrittenAgainItemByItem_SoOnlyTheBadItemFails()
    {
        var commit = Create(i => i == 2 ? throw new InvalidOperationException("store refused #2") : $"#{i}");
        var first = commit.WriteAsync(1);
        var failing = commit.WriteAsync(2);
        var sameBatch = commit.WriteAsync(3);
        _release.SetResult();

        (await first).ShouldBe("#1");
        (await Should.ThrowAsync<InvalidOperationException>(failing)).Message.ShouldBe("store refused #2");
        (await sameBatch).ShouldBe("#3");
        _batches.ShouldBe([[1], [2, 3], [2], [3]]);
        (await commit.WriteAsync(4)).ShouldBe("#4", "the next batch is written as usual");
    }

    [Fact]
    public async Task WriteAsync_StoreDown_FailsEveryItemWithItsOwnAttempt()
    {
        var down = true;
        var commit = Create(i => down ? throw new InvalidOperationException($"store down at #{i}") : $"#{i}");
        var first = commit.WriteAsync(1);
        var later = new[] { commit.WriteAsync(2), commit.WriteAsync(3) };
        _release.SetResult();

        (await Should.ThrowAsync<InvalidOperationException>(first)).Message.ShouldBe("store down at #1");
        (await Should.ThrowAsync<InvalidOperationException>(later[0])).Message.ShouldBe("store down at #2");
        (await Should.ThrowAsync<InvalidOperationException>(later[1])).Message.ShouldBe("store down at #3");
        down = false;
        (await commit.WriteAsync(4)).ShouldBe("#4");
    }

    [Fact]
    public async Task WriteAsync_MoreQueuedThanMaxBatch_WritesThemInBatchesOfAtMostMax()
    {
        var commit = Create(maxBatch: 2);
        var all = Enumerable.Range(1, 6).Select(commit.WriteAsync).ToList();

        _release.SetResult();

        (await Task.WhenAll(all)).ShouldBe(["#1", "#2", "#3", "#4", "#5", "#6"]);
        _batches.ShouldBe([[1], [2, 3], [4, 5], [6]]);
    }

    [Fact]
    public void MaxBatch_BelowOne_IsRefused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new GroupCommit<int, int>(items => Task.FromResult<IReadOnlyList<int>>(items), maxBatch: 0));
}
