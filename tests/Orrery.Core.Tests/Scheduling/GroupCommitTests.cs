using Orrery.Scheduling;

namespace Orrery.Core.Tests.Scheduling;

public sealed class GroupCommitTests
{
    private readonly List<IReadOnlyList<int>> _batches = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GroupCommit<int, string> Create(Func<int, string>? result = null) => new(async items =>
    {
        lock (_batches)
        {
            _batches.Add(items);
        }
        await _release.Task;
        return [.. items.Select(result ?? (i => $"#{i}"))];
    });

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
    public async Task WriteAsync_AFailedBatch_FailsItsItemsOnly()
    {
        var commit = Create(i => i == 2 ? throw new InvalidOperationException("store down") : $"#{i}");
        var first = commit.WriteAsync(1);
        var failing = commit.WriteAsync(2);
        var sameBatch = commit.WriteAsync(3);
        _release.SetResult();

        (await first).ShouldBe("#1");
        (await Should.ThrowAsync<InvalidOperationException>(failing)).Message.ShouldBe("store down");
        await Should.ThrowAsync<InvalidOperationException>(sameBatch);
        (await commit.WriteAsync(4)).ShouldBe("#4", "the next batch is written as usual");
    }
}
