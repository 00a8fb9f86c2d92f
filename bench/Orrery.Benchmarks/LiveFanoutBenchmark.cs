using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Sessions;

namespace Orrery.Benchmarks;

/// <summary>
/// Issue 14: 10,000 WebSocket clients (a process of their own) following 1,000 games on one node, the node in this
/// process with stub engines (<see cref="StubEngineServer"/>; game i plays at second i % 60 of every minute). Measures
/// the delivery latency from the engine's answer to a turn (the node records the turn right after) to each client
/// receiving its <c>turn_result</c>, for turns played once every client is connected; the memory per idle
/// connection (this process's GC heap and RSS before and after the clients connect), and the connection set-up rate; then the same
/// clients against a bare ASP.NET Core broadcaster (<see cref="BareBroadcaster"/>) sending the same messages.
/// </summary>
internal static class LiveFanoutBenchmark
{
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 1_000;
        var perGame = args.Length > 1 ? int.Parse(args[1]) : 10;
        var seconds = args.Length > 2 ? int.Parse(args[2]) : 75;
        var limit = OpenFileLimit.Raise();
        Console.WriteLine($"{games} games x {perGame} clients = {games * perGame} WebSockets, {seconds} s of turns (each game one turn a minute), open-file limit {limit}");

        // "orrery" or "bare" alone measure one side in a fresh process, where the RSS delta is not blurred by the other's.
        var side = args.Length > 3 ? args[3] : "both";
        var orrery = side is "both" or "orrery" ? await MeasureOrreryAsync(games, perGame, seconds, cancellationToken) : Run.None;
        Collect();
        var bare = side is "both" or "bare" ? await MeasureBareAsync(games, perGame, seconds, cancellationToken) : Run.None;

        Report.Header();
        Report.Row("delivery p50 (turn recorded -> client; bare: sent)", orrery.Percentile(50), bare.Percentile(50), "ms", "0.0");
        Report.Row("delivery p99", orrery.Percentile(99), bare.Percentile(99), "ms", "0.0");
        Report.Row("delivery max", orrery.Percentile(100), bare.Percentile(100), "ms", "0.0");
        foreach (var (from, samples) in orrery.FromEarlierMs)
        {
            Report.Row($"{from} -> client p50", Report.Percentile(samples, 50), bare.Percentile(50), "ms", "0.0");
            Report.Row($"{from} -> client p99", Report.Percentile(samples, 99), bare.Percentile(99), "ms", "0.0");
        }
        Report.Row("memory per idle connection (RSS)", orrery.RssPerConnectionKiB, bare.RssPerConnectionKiB, "KiB");
        Report.Row("memory per idle connection (GC heap)", orrery.HeapPerConnectionKiB, bare.HeapPerConnectionKiB, "KiB");
        Report.Row("connection set-up rate", orrery.ConnectsPerSecond, bare.ConnectsPerSecond, "conn/s", "0");
        Report.Row("turn messages delivered", orrery.LatenciesMs.Count, bare.LatenciesMs.Count, "", "0");
        Console.WriteLine($"orrery: {orrery.Closed} connections closed by the server during the run; bare: {bare.Closed}");
    }

    private static async Task<Run> MeasureOrreryAsync(int games, int perGame, int seconds, CancellationToken cancellationToken)
    {
        await using var engines = await StubEngineServer.StartAsync();
        var played = new ConcurrentDictionary<(Guid, int), long>();
        engines.TurnPlayed = (game, turn, at) => played[(game, turn)] = at;
        await using var node = await NodeUnderTest.StartInProcessAsync(
            "--Orrery:EngineCapacity=0", "--Orrery:Reconcile:Interval=01:00:00", "--Orrery:Health:InspectInterval=01:00:00");
        // A turn's result is recorded when its snapshot (the standings) is stored, after the record write that moved the
        // turn: both are changes the sessions hear, the first is what a turn_result is made of.
        var recorded = new ConcurrentDictionary<(Guid, int), long>();
        var turnMoved = new ConcurrentDictionary<(Guid, int), long>();
        node.Services.GetRequiredService<GameChanges>().Listen(change =>
        {
            var at = Stopwatch.GetTimestamp();
            switch (change)
            {
                case SnapshotRecorded { Record: var record }:
                    recorded.TryAdd((record.GameId, record.CurrentTurn), at);
                    break;
                case RuntimeRecordChanged { Record: var record }:
                    turnMoved.TryAdd((record.GameId, record.CurrentTurn), at);
                    break;
            }
        });
        var ids = await InProcessGames.SeedAsync(node, games, StubGameSeeder.Schedule, engines.EndpointOf, track: true, cancellationToken,
            (id, i, players) => engines.Add(id, i % 60, players));
        var urls = new List<string>(games * perGame);
        foreach (var id in ids)
        {
            var members = (await node.Http.GetFromJsonAsync<JsonElement>($"games/{id}", cancellationToken)).GetProperty("memberships");
            var tokens = new List<string>();
            foreach (var member in members.EnumerateArray())
            {
                using var minted = await node.Http.PostAsync($"games/{id}/players/{member.GetProperty("userId").GetGuid()}/token", null, cancellationToken);
                minted.EnsureSuccessStatusCode();
                tokens.Add((await minted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!);
            }
            urls.AddRange(Enumerable.Range(0, perGame).Select(c => $"{WebSocketUrl(node.Url)}/api/v1/games/{id}/live?access_token={tokens[c % tokens.Count]}"));
        }
        return await RunClientsAsync("orrery", urls, seconds, recorded, cancellationToken,
            new() { ["record write moving the turn"] = turnMoved, ["engine's answer"] = played });
    }

    private static async Task<Run> MeasureBareAsync(int games, int perGame, int seconds, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, games).Select(_ => Guid.NewGuid()).ToArray();
        await using var bare = await BareBroadcaster.StartAsync(ids);
        // The same requests as Orrery's clients make, a token of the same length included (the bare server ignores it).
        var token = new string('t', 383);
        var urls = ids.SelectMany(id => Enumerable.Range(0, perGame).Select(_ => $"{WebSocketUrl(bare.Url)}/api/v1/games/{id}/live?access_token={token}")).ToList();
        return await RunClientsAsync("bare", urls, seconds, bare.SentAt, cancellationToken);
    }

    /// <summary>Runs the client process against <paramref name="urls"/>, measuring this process's memory once they are all connected.</summary>
    /// <param name="sentAt">When each (game, turn) left: what the delivery latency is measured from.</param>
    /// <param name="earlier">Orrery's run: earlier instants of each turn (the engine's answer, the record write), for more latencies.</param>
    private static async Task<Run> RunClientsAsync(
        string name, List<string> urls, int seconds, IReadOnlyDictionary<(Guid, int), long> sentAt, CancellationToken cancellationToken,
        Dictionary<string, ConcurrentDictionary<(Guid, int), long>>? earlier = null)
    {
        var work = Directory.CreateTempSubdirectory("orrery-bench-live-");
        try
        {
            var clientsFile = Path.Combine(work.FullName, "clients.txt");
            var receivedFile = Path.Combine(work.FullName, "received.csv");
            await File.WriteAllLinesAsync(clientsFile, urls, cancellationToken);
            var (heapBefore, rssBefore) = Memory();

            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var arg in new[] { System.Reflection.Assembly.GetEntryAssembly()!.Location, "live-clients", clientsFile, seconds.ToString(), receivedFile })
            {
                info.ArgumentList.Add(arg);
            }
            using var clients = Process.Start(info)!;
            string[] connected;
            do
            {
                connected = (await clients.StandardOutput.ReadLineAsync(cancellationToken))?.Split(' ')
                    ?? throw new InvalidOperationException("the client process ended before connecting");
            }
            while (connected[0] != "connected");
            var draining = clients.StandardOutput.ReadToEndAsync(cancellationToken);
            var connectSeconds = double.Parse(connected[2], System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // the accepts settle
            var (heapAfter, rssAfter) = Memory();
            // Latency counts the turns after this: the forced, compacting collection above pauses the process (the
            // in-process node with it), which no real node does.
            var measuredFrom = Stopwatch.GetTimestamp();
            var (pausedBefore, gen2Before, gen1Before) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.CollectionCount(1));
            Console.WriteLine($"{name}: {urls.Count} connected in {connectSeconds:0.00} s; RSS {rssBefore / 1048576.0:0} -> {rssAfter / 1048576.0:0} MiB, GC heap {heapBefore / 1048576.0:0} -> {heapAfter / 1048576.0:0} MiB");
            await clients.WaitForExitAsync(cancellationToken);
            await draining;
            var longest = GC.GetGCMemoryInfo(GCKind.Any).PauseDurations.ToArray().Max();
            Console.WriteLine($"{name}: during the latency window this process's GC paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:0} ms in all " +
                $"({GC.CollectionCount(1) - gen1Before} gen1+, {GC.CollectionCount(2) - gen2Before} gen2 collections; the last one paused {longest.TotalMilliseconds:0.0} ms)");
            if (clients.ExitCode != 0)
            {
                throw new InvalidOperationException($"the client process failed ({clients.ExitCode})");
            }

            var latencies = new List<double>();
            var fromEarlier = (earlier ?? []).ToDictionary(e => e.Key, _ => new List<double>());
            var closed = 0;
            foreach (var line in await File.ReadAllLinesAsync(receivedFile, cancellationToken))
            {
                var parts = line.Split(',');
                if (parts[0] == "closed")
                {
                    closed = int.Parse(parts[1]);
                }
                else if (sentAt.TryGetValue((Guid.Parse(parts[0]), int.Parse(parts[1])), out var sent) && sent >= measuredFrom)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, long.Parse(parts[2])).TotalMilliseconds);
                    foreach (var (from, instants) in earlier ?? [])
                    {
                        if (instants.TryGetValue((Guid.Parse(parts[0]), int.Parse(parts[1])), out var then))
                        {
                            fromEarlier[from].Add(Stopwatch.GetElapsedTime(then, long.Parse(parts[2])).TotalMilliseconds);
                        }
                    }
                }
            }
            return new Run(latencies, fromEarlier, (rssAfter - rssBefore) / 1024.0 / urls.Count, (heapAfter - heapBefore) / 1024.0 / urls.Count, urls.Count / connectSeconds, closed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (long Heap, long Rss) Memory()
    {
        Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static string WebSocketUrl(string httpUrl) => "ws" + httpUrl["http".Length..];

    private sealed record Run(List<double> LatenciesMs, Dictionary<string, List<double>> FromEarlierMs, double RssPerConnectionKiB, double HeapPerConnectionKiB, double ConnectsPerSecond, int Closed)
    {
        public static readonly Run None = new([], [], double.NaN, double.NaN, double.NaN, 0);

        public double Percentile(double p) => Report.Percentile(LatenciesMs, p);
    }
}
