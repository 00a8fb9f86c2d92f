using Orrery.Persistence.Sqlite;

namespace Orrery.Persistence.Tests.Sqlite;

public sealed class StreamAppendSignalsTests
{
    private readonly StreamAppendSignals _signals = new();

    [Fact]
    public void Pulse_StreamWithReaders_CompletesEveryReadersSubscription()
    {
        using var first = _signals.Subscribe("s");
        using var second = _signals.Subscribe("s");

        _signals.Pulse("s");

        (first.Appended.IsCompleted, second.Appended.IsCompleted).ShouldBe((true, true));
    }

    [Fact]
    public void Pulse_AnotherStream_LeavesTheSubscriptionWaiting()
    {
        using var subscription = _signals.Subscribe("s");

        _signals.Pulse("t");

        subscription.Appended.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Subscribe_AfterAPulse_WaitsForTheNextOne()
    {
        using (_signals.Subscribe("s"))
        {
            _signals.Pulse("s");
        }

        using var next = _signals.Subscribe("s");

        next.Appended.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Dispose_OneOfTwoReaders_KeepsTheSignalForTheOther()
    {
        using var staying = _signals.Subscribe("s");
        var leaving = _signals.Subscribe("s");

        leaving.Dispose();
        leaving.Dispose();
        _signals.Pulse("s");

        staying.Appended.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void Dispose_LastReaderWithoutAnAppend_ForgetsTheStream()
    {
        var subscriptions = Enumerable.Range(0, 100).Select(i => _signals.Subscribe($"nobody-appends-{i}")).ToList();
        _signals.WaitedOn.ShouldBe(100);

        subscriptions.ForEach(s => s.Dispose());

        _signals.WaitedOn.ShouldBe(0);
    }
}
