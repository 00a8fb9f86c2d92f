using System.Diagnostics;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// One measurement window over a set of scheduled games, from half a second past a whole second to half a
/// second past another, so no cron slot falls on an edge. Records the scheduler's metrics and this process's
/// CPU time in between, and counts turns against the slots they began for (<see cref="SlotLedger"/>, from the
/// node's turn traces); the runtime records' current turn read at both edges is reported beside it.
/// </summary>
internal static class TurnWindow
{
    /// <summary>Turns of the window's last slots still running at its end are waited for this long before counting.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    public static async Task<TurnWindowResult> MeasureAsync(
        IRuntimeStore store, IReadOnlyDictionary<Guid, string> schedules, TurnMetrics metrics, int seconds, CancellationToken cancellationToken)
    {
        using var ledger = new SlotLedger();
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
        await WallClock.UntilAsync(end + Drain, cancellationToken);
        var account = ledger.Account(schedules, start, end);
        if (Environment.GetEnvironmentVariable("ORRERY_BENCH_TURNS_CSV") is { Length: > 0 } csv)
        {
            await ledger.WriteCsvAsync(csv, cancellationToken);
            Console.WriteLine($"turns traced: {csv} (window {start:O} .. {end:O})");
        }

        long byRecords = 0;
        var notRunning = 0;
        foreach (var gameId in schedules.Keys)
        {
            byRecords += after[gameId].Turn - before[gameId].Turn;
            notRunning += after[gameId].Status is RuntimeStatus.Running or RuntimeStatus.GenerationInProgress ? 0 : 1;
        }
        return new TurnWindowResult(seconds, schedules.Count, account, byRecords, notRunning,
            cpu, cpuWindow, edgeRead, metrics.LatenessMs, metrics.DurationMs, metrics.Turns("played"), metrics.Turns("finished"), metrics.Turns("failed"), metrics.SlotsMerged);
    }

    private static async Task<Dictionary<Guid, (int Turn, RuntimeStatus Status)>> CurrentTurnsAsync(
        IRuntimeStore store, IReadOnlyDictionary<Guid, string> schedules, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken))
            .Where(r => schedules.ContainsKey(r.GameId))
            .ToDictionary(r => r.GameId, r => (r.CurrentTurn, r.Status));
}

/// <summary>What one <see cref="TurnWindow"/> saw.</summary>
/// <param name="Slots">The turns counted against their slots: missed and doubled are per slot.</param>
/// <param name="ByRecords">The sum over games of the current turn's increase between the window's edges (a turn
/// of the slot before the window that ends inside it counts here, one of the last slot still running does not).</param>
/// <param name="NotRunning">Games neither running nor mid-turn at the end (finished, failed, ...).</param>
/// <param name="EdgeRead">How long reading the records at the window's start took.</param>
/// <param name="MetricPlayed">Turns the <c>orrery.turns</c> counter saw played in the window.</param>
/// <param name="MetricSlotsMerged">Slots the scheduler said it merged into late turns in the window: the missed slots' cause.</param>
internal sealed record TurnWindowResult(
    int Seconds, int Games, SlotAccount Slots, long ByRecords, int NotRunning,
    TimeSpan Cpu, TimeSpan CpuWindow, TimeSpan EdgeRead,
    IReadOnlyList<double> LatenessMs, IReadOnlyList<double> DurationMs, long MetricPlayed, long MetricFinished, long MetricFailed,
    long MetricSlotsMerged)
{
    /// <summary>Process CPU as a share of one core over the window.</summary>
    public double CpuPercentOfOneCore => Cpu / CpuWindow * 100;

    public double CpuMicrosecondsPerTurn => Cpu.TotalMicroseconds / Math.Max(1, MetricPlayed + MetricFinished);

    public void Print(string label)
    {
        Console.WriteLine($"{label}: {Games} games, {Seconds} s window, {Slots.Slots} slots: {Slots.Begun} turns began for them " +
            $"({Slots.Failed} of them failed); missed {Slots.Missed}, doubled {Slots.Doubled} ({Slots.GamesOff} games off), " +
            $"turn numbers played twice {Slots.NumbersRepeated}; {NotRunning} games not running at the end");
        Console.WriteLine($"{label}: the records' current turn rose by {ByRecords} across the window's edges; the counter saw {MetricPlayed} played, " +
            $"{MetricFinished} finished, {MetricFailed} failed, {MetricSlotsMerged} slots merged into late turns in the window");
        Console.WriteLine($"{label}: process CPU {Cpu.TotalSeconds:0.00} s over {CpuWindow.TotalSeconds:0.0} s = {CpuPercentOfOneCore:0.#}% of one core, " +
            $"{CpuMicrosecondsPerTurn:0} µs per turn; edge read {EdgeRead.TotalMilliseconds:0} ms");
    }
}
