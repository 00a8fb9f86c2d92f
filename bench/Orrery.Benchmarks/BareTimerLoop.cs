using System.Diagnostics;

namespace Orrery.Benchmarks;

/// <summary>
/// The floor of a turn clock: a priority queue of due times and one timer wait at a time (Task.Delay, as the
/// scheduler waits), an empty callback for each item due and its next slot from the same cron expression, on the
/// same slots as the scheduler. Reports its own lateness (slot -> callback) and CPU. Given a callback, it calls that
/// instead of the empty one: the same turns driven without the scheduler, to tell the scheduler's own cost apart.
/// </summary>
internal static class BareTimerLoop
{
    /// <param name="nextSlot">The slot of item i after a time, as the scheduler's cron gives it.</param>
    /// <param name="callback">Called with item i and its slot; an empty callback when null.</param>
    public static async Task<BareTimerResult> RunAsync(
        int items, Func<int, DateTimeOffset, DateTimeOffset> nextSlot, int seconds, CancellationToken cancellationToken,
        Action<int, DateTimeOffset>? callback = null)
    {
        callback ??= static (item, _) => GC.KeepAlive(item);
        var start = await WallClock.WaitForHalfSecondAsync(cancellationToken);
        var end = start.AddSeconds(seconds);
        var queue = new PriorityQueue<int, DateTimeOffset>(items);
        for (var i = 0; i < items; i++)
        {
            queue.Enqueue(i, nextSlot(i, start));
        }
        // Like the scheduler's load, filling the queue is outside the measured CPU (it ends well before the first slot).
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var lateness = new List<double>();
        while (queue.TryPeek(out _, out var due) && due <= end)
        {
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            var now = DateTimeOffset.UtcNow;
            while (queue.TryPeek(out var item, out var slot) && slot <= now)
            {
                queue.Dequeue();
                lateness.Add((DateTimeOffset.UtcNow - slot).TotalMilliseconds);
                callback(item, slot);
                queue.Enqueue(item, nextSlot(item, now));
            }
        }
        return new BareTimerResult(lateness, Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart);
    }
}

/// <param name="LatenessMs">Per callback: its slot -> the callback.</param>
internal sealed record BareTimerResult(IReadOnlyList<double> LatenessMs, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerCallback => Cpu.TotalMicroseconds / Math.Max(1, LatenessMs.Count);
}
