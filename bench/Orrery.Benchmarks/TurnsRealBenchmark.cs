using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// Games on a 1-second schedule, each a real reference-engine process, driven by a node hosted in this process
/// (its meter and CPU time are this process's; the engines are processes of their own). Baseline in the same
/// run: a bare loop calling the same engines' turn endpoint once a second each, with the node stopped.
/// </summary>
internal static class TurnsRealBenchmark
{
    private const string Version = "9.9.0";
    private const string Schedule = "* * * * * *";
    private const int SteadySeconds = 10;
    private static readonly TimeSpan MinWarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    /// <summary>Games must outlast the run: no turn limit to speak of, and (since a 2-race game is otherwise won
    /// by domination within 15-24 turns) no end by domination either.</summary>
    private static readonly string[] EngineArguments = ["--ENGINE_MAX_TURNS=100000", "--ENGINE_DOMINATION_ENDS=0"];

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 100;
        var seconds = args.Length > 1 ? int.Parse(args[1]) : 120;
        var bareSeconds = Math.Clamp(seconds / 6, 10, 20);
        await EnsureGamesOutlastTheRunAsync(cancellationToken);

        using var metrics = new TurnMetrics();
        // Any number of games: this measures the scheduler, not the engine host's capacity.
        await using var node = await NodeUnderTest.StartInProcessAsync("--Orrery:EngineCapacity=0");
        var imageRef = string.Join(' ', [EngineBinary.Path, .. EngineArguments]);
        (await node.Http.PutAsJsonAsync($"engine-versions/{Version}", new { imageRef }, cancellationToken)).EnsureSuccessStatusCode();
        var ids = await StartGamesAsync(node, games, cancellationToken);
        await SettleAsync(metrics, cancellationToken);

        var store = node.Services.GetRequiredService<IRuntimeStore>();
        var orrery = await TurnWindow.MeasureAsync(store, ids.ToDictionary(id => id, _ => Schedule), metrics, seconds, cancellationToken);
        var endpoints = (await store.ListAsync(cancellationToken)).Select(r => new Uri(r.EngineEndpoint!)).ToList();

        // Engines outlive a stopped node by design: the bare loop drives the very same engines, with no node in this process.
        await node.StopNodeAsync();
        var bare = await BareTurnLoop.RunAsync(endpoints, bareSeconds, cancellationToken);

        Print(games, orrery, bare, bareSeconds);
        await StopGamesAsync(node, ids, cancellationToken);
    }

    private static void Print(int games, TurnWindowResult orrery, BareTurnResult bare, int bareSeconds)
    {
        Console.WriteLine($"{games} games on '{Schedule}' (2 races each), each a reference-engine process; node in this process");
        orrery.Print("orrery");
        Console.WriteLine($"bare loop: {bare.Calls} turn calls ({games} every second for {bareSeconds} s) to the same engines, node stopped; " +
            $"CPU {bare.Cpu.TotalSeconds:0.00} s = {bare.Cpu.TotalSeconds / bareSeconds * 100:0.#}% of one core");
        Report.Header();
        Report.Row("turn start lateness p50 vs bare loop's call lateness", Report.Percentile(orrery.LatenessMs, 50), Report.Percentile(bare.LatenessMs, 50), "ms", "0.##");
        Report.Row("turn start lateness p99 vs bare loop's call lateness", Report.Percentile(orrery.LatenessMs, 99), Report.Percentile(bare.LatenessMs, 99), "ms", "0.##");
        Report.Row("turn start lateness max vs bare loop's call lateness", Report.Percentile(orrery.LatenessMs, 100), Report.Percentile(bare.LatenessMs, 100), "ms", "0.##");
        Report.Row("turn duration p50 (engine call + records) vs bare call latency", Report.Percentile(orrery.DurationMs, 50), Report.Percentile(bare.LatencyMs, 50), "ms", "0.##");
        Report.Row("turn duration p99 (engine call + records) vs bare call latency", Report.Percentile(orrery.DurationMs, 99), Report.Percentile(bare.LatencyMs, 99), "ms", "0.##");
        Report.Row("CPU of this process per turn vs per bare turn call", orrery.CpuMicrosecondsPerTurn, bare.CpuMicrosecondsPerCall, "µs", "0");
        Report.Row("CPU of this process, % of one core", orrery.CpuPercentOfOneCore, bare.Cpu.TotalSeconds / bareSeconds * 100, "%");
    }

    /// <summary>
    /// The window measures the steady state: it opens once <see cref="SteadySeconds"/> seconds in a row passed with no
    /// slot merged into a late turn (at least <see cref="MinWarmUp"/>, at most <see cref="MaxWarmUp"/>). Right after a
    /// hundred engines start, their first turns (each engine's own JIT) take about a second on two cores and merge
    /// slots; how long that lasted and what it merged is printed, not hidden.
    /// </summary>
    private static async Task SettleAsync(TurnMetrics metrics, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        metrics.Start();
        long mergedBefore = 0;
        var steady = 0;
        while (clock.Elapsed < MaxWarmUp && (steady < SteadySeconds || clock.Elapsed < MinWarmUp))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var merged = metrics.SlotsMerged;
            steady = merged == mergedBefore ? steady + 1 : 0;
            mergedBefore = merged;
        }
        metrics.Stop();
        Console.WriteLine($"warm-up: {clock.Elapsed.TotalSeconds:0} s, {metrics.Turns("played")} turns played, {metrics.SlotsMerged} slots merged " +
            $"(the window opens after {SteadySeconds} s in a row without a merged slot{(steady >= SteadySeconds ? "" : "; not reached, opened anyway")})");
    }

    /// <summary>Fails fast, before a hundred engines are started, if this engine build would end the games mid-run.</summary>
    private static async Task EnsureGamesOutlastTheRunAsync(CancellationToken cancellationToken)
    {
        await using var probe = await BareEngines.StartAsync(1, EngineArguments, cancellationToken);
        if (await probe.PlayTurnsAsync(40, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The reference engine finished a 2-race game within 40 turns despite '{string.Join(' ', EngineArguments)}': " +
                "games on a 1-second schedule would end during the run. This benchmark needs an engine with ENGINE_DOMINATION_ENDS.");
        }
    }

    /// <summary>Registers and starts the games through the API, as a lobby would, and waits until every one runs.</summary>
    private static async Task<List<Guid>> StartGamesAsync(NodeUnderTest node, int games, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var ids = new Guid[games];
        await Parallel.ForAsync(0, games, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            ids[i] = await node.RegisterGameAsync(Version, Schedule, ct);
            await node.RunOperationAsync(ids[i], "start", ct);
        });
        Console.WriteLine($"{games} games running {clock.Elapsed.TotalSeconds:0} s after the first start");
        return [.. ids];
    }

    /// <summary>A node over the same data directory stops every game through the API; then no engine may be left.</summary>
    private static async Task StopGamesAsync(NodeUnderTest node, List<Guid> ids, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var engines = EngineReaper.Listed(node.EnginesDirectory);
        await node.RestartInProcessAsync();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) => await node.RunOperationAsync(id, "stop", ct));
        await node.StopNodeAsync();
        var left = EngineReaper.Kill(engines);
        Console.WriteLine($"all {ids.Count} games stopped through the API in {clock.Elapsed.TotalSeconds:0} s; " +
            $"of their {engines.Count} engine processes, {left} were still running afterwards (killed)");
    }
}
