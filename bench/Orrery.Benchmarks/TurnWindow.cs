using System.Diagnostics;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// One measurement window over a set of scheduled games, from half a second past a whole second to half a
/// second past another, so no cron slot falls on an edge. Records the scheduler's metrics and this process's
/// CPU time in between, and counts turns per game from the runtime records' current turn read at both edges.
/// </summary>
internal static class TurnWindow
{
    public static async Task<TurnWindowResult> MeasureAsync(
        IRuntimeStore store, IReadOnlyDictionary<Guid, string> schedules, TurnMetrics metrics, int seconds, CancellationToken cancellationToken)
    {
        var start = await WallClock.WaitForHalfSecondAsync(cancellationToken);
        var before = await CurrentTurnsAsync(store, schedules, cancellationToken);
        // The CPU window opens after the read, which therefore must end before the first slot (start + 0.5 s).
        var edgeRead = DateTimeOffset.UtcNow - start;
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuClock = Stopwatch.StartNew();
        metrics.Start();

        var end = start.AddSeconds(seconds);
        await WallClock.UntilAsync(end, cancellationToken);
        metrics.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var cpuWindow = cpuClock.Elapsed;
        var after = await CurrentTurnsAsync(store, schedules, cancellationToken);

        var slotsBySchedule = new Dictionary<string, int>(StringComparer.Ordinal);
        long expected = 0, played = 0, missed = 0, doubled = 0;
        int gamesOff = 0, notRunning = 0;
        foreach (var (gameId, schedule) in schedules)
        {
            if (!slotsBySchedule.TryGetValue(schedule, out var slots))
            {
                slotsBySchedule[schedule] = slots = SlotsBetween(schedule, start, end);
            }
            var turns = after[gameId].Turn - before[gameId].Turn;
            expected += slots;
            played += turns;
            missed += Math.Max(0, slots - turns);
            doubled += Math.Max(0, turns - slots);
            gamesOff += turns == slots ? 0 : 1;
            notRunning += after[gameId].Status is RuntimeStatus.Running or RuntimeStatus.GenerationInProgress ? 0 : 1;
        }
        return new TurnWindowResult(seconds, schedules.Count, expected, played, missed, doubled, gamesOff, notRunning,
            cpu, cpuWindow, edgeRead, metrics.LatenessMs, metrics.DurationMs, metrics.Turns("played"), metrics.Turns("finished"), metrics.Turns("failed"));
    }

    /// <summary>Cron slots s with <paramref name="start"/> &lt; s &lt;= <paramref name="end"/>.</summary>
    private static int SlotsBetween(string schedule, DateTimeOffset start, DateTimeOffset end)
    {
        var slots = 0;
        for (var slot = TurnSlots.Next(schedule, start); slot <= end; slot = TurnSlots.Next(schedule, slot!.Value))
        {
            slots++;
        }
        return slots;
    }

    private static async Task<Dictionary<Guid, (int Turn, RuntimeStatus Status)>> CurrentTurnsAsync(
        IRuntimeStore store, IReadOnlyDictionary<Guid, string> schedules, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken))
            .Where(r => schedules.ContainsKey(r.GameId))
            .ToDictionary(r => r.GameId, r => (r.CurrentTurn, r.Status));
}

/// <summary>What one <see cref="TurnWindow"/> saw.</summary>
/// <param name="Played">Turns by the records: the sum over games of the current turn's increase across the window.</param>
/// <param name="Missed">Sum over games of slots in the window without a turn.</param>
/// <param name="Doubled">Sum over games of turns beyond one per slot.</param>
/// <param name="GamesOff">Games whose turns did not equal their slots.</param>
/// <param name="NotRunning">Games neither running nor mid-turn at the end (finished, failed, ...).</param>
/// <param name="EdgeRead">How long reading the records at the window's start took.</param>
/// <param name="MetricPlayed">Turns the <c>orrery.turns</c> counter saw played in the window.</param>
internal sealed record TurnWindowResult(
    int Seconds, int Games, long Expected, long Played, long Missed, long Doubled, int GamesOff, int NotRunning,
    TimeSpan Cpu, TimeSpan CpuWindow, TimeSpan EdgeRead,
    IReadOnlyList<double> LatenessMs, IReadOnlyList<double> DurationMs, long MetricPlayed, long MetricFinished, long MetricFailed)
{
    /// <summary>Process CPU as a share of one core over the window.</summary>
    public double CpuPercentOfOneCore => Cpu / CpuWindow * 100;

    public double CpuMicrosecondsPerTurn => Cpu.TotalMicroseconds / Math.Max(1, MetricPlayed + MetricFinished);

    /// <summary>
    /// A turn is counted in the right window when it is recorded less than 0.5 s after its slot; this bound
    /// (worst lateness + worst duration) says whether every one was.
    /// </summary>
    public double WorstSlotToRecordedMs => (LatenessMs.Count == 0 ? 0 : LatenessMs.Max()) + (DurationMs.Count == 0 ? 0 : DurationMs.Max());

    public void Print(string label)
    {
        Console.WriteLine($"{label}: {Games} games, {Seconds} s window: {Played} turns played of {Expected} slots (the counter saw {MetricPlayed} played, " +
            $"{MetricFinished} finished, {MetricFailed} failed); missed {Missed}, doubled {Doubled} ({GamesOff} games off, {NotRunning} not running at the end)");
        Console.WriteLine($"{label}: process CPU {Cpu.TotalSeconds:0.00} s over {CpuWindow.TotalSeconds:0.0} s = {CpuPercentOfOneCore:0.#}% of one core, " +
            $"{CpuMicrosecondsPerTurn:0} µs per turn; edge read {EdgeRead.TotalMilliseconds:0} ms; worst slot -> recorded {WorstSlotToRecordedMs:0} ms " +
            $"({(WorstSlotToRecordedMs < 500 ? "every turn counted in its own window" : "turns near an edge may be counted in the next window")})");
    }
}
