using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>The shape of one chaos run.</summary>
/// <param name="Environment">Settings of the node (engine host and so on), as environment variables.</param>
internal sealed record ChaosSettings(int Games, int Operations, int Kills, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Issue 6's chaos run against the real binary: starts and stops of many games through the API, the node killed
/// with SIGKILL at random points and restarted on the same data each time, then the end state checked against what
/// the accepted calls asked for, with the engines counted on the host itself.
/// </summary>
internal sealed class ChaosRun(string dataDirectory, ChaosSettings settings, IEngineCensus census, int seed) : IAsyncDisposable
{
    /// <summary>A turn every 5 s: turns run (and are interrupted) throughout the run.</summary>
    private const string TurnSchedule = "*/5 * * * * *";

    private readonly Random _random = new(seed);
    private readonly List<Guid> _games = [];
    private readonly Dictionary<Guid, Guid> _accepted = []; // operation id -> game id
    private OrreryProcess? _orrery;
    private NodeClient? _node;
    private int _rejected;
    private int _nodes;
    private bool _verified;

    private NodeClient Node => _node ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>Seed from <c>ORRERY_CHAOS_SEED</c> to replay a run, else a new one.</summary>
    public static int ChooseSeed() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("ORRERY_CHAOS_SEED"), out var seed) ? seed : Random.Shared.Next();

    public async Task RunAsync()
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"chaos seed {seed} (replay with ORRERY_CHAOS_SEED={seed}): {settings.Games} games, {settings.Operations} calls, {settings.Kills} kills");
        var clock = Stopwatch.StartNew();
        await StartNodeAsync();
        for (var i = 0; i < settings.Games; i++)
        {
            _games.Add(await Node.RegisterScheduledGameAsync("1.0.0", TurnSchedule, "Andorians", "Cygnans"));
        }

        var plan = ChaosPlan.Create(_random, _games, settings.Operations, settings.Kills);
        foreach (var step in plan.Steps)
        {
            await IssueAsync(step);
            if (plan.KillAfter.Contains(step.Index))
            {
                // Lands while the calls just accepted queue or run: launches, inits, stops and turns in flight.
                await Task.Delay(_random.Next(0, 500));
                await KillAndRestartAsync();
            }
            else
            {
                await Task.Delay(_random.Next(0, 40));
            }
        }
        output.WriteLine($"{_accepted.Count} calls accepted, {_rejected} rejected, after {clock.Elapsed.TotalSeconds:0.0} s");

        await SettleAsync();
        output.WriteLine($"every operation ended after {clock.Elapsed.TotalSeconds:0.0} s");
        var report = await Node.Http.PostAsync("reconcile", null);
        report.StatusCode.ShouldBe(HttpStatusCode.OK, await report.Content.ReadAsStringAsync());
        output.WriteLine($"reconcile pass: {await report.Content.ReadAsStringAsync()}");

        await VerifyAsync();
        output.WriteLine($"verified after {clock.Elapsed.TotalSeconds:0.0} s");
        _verified = true;
    }

    /// <summary>Stops the node and the engines; the data directory (with the node logs) is kept only after a failure.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync();
        await census.CleanUpAsync();
        if (_verified)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>One call, with an idempotency key so a retried call is the same operation.</summary>
    private async Task IssueAsync(ChaosStep step)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{step.GameId}/{step.Op}");
        request.Headers.Add("Idempotency-Key", $"chaos-{seed}-{step.Index}");
        using var response = await Node.Http.SendAsync(request);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                var operation = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeClient.Json))!;
                _accepted[operation.OperationId] = step.GameId;
                break;
            case HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests:
                _rejected++; // e.g. a stop of a game whose start failed and left nothing to stop
                break;
            default:
                throw new InvalidOperationException($"{step.Op} of {step.GameId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task KillAndRestartAsync()
    {
        await _orrery!.KillAsync();
        await StopNodeAsync();
        await StartNodeAsync();
    }

    /// <summary>Keeps each node's output in the data directory, for a failing run's post-mortem.</summary>
    private async Task StopNodeAsync()
    {
        _node?.Dispose();
        if (_orrery is not null)
        {
            await _orrery.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, $"orrery-{++_nodes}.log"), _orrery.Output);
        }
    }

    private async Task StartNodeAsync()
    {
        _orrery = await OrreryProcess.StartAsync(dataDirectory, settings.Environment);
        _node = new NodeClient(_orrery.Url);
    }

    /// <summary>Waits until no operation of any game is queued or running (a wait on real engines, bounded).</summary>
    private async Task SettleAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var gameId in _games)
        {
            while ((await OperationsAsync(gameId)).Any(o => o.Status is "queued" or "running"))
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private async Task VerifyAsync()
    {
        var problems = new StringBuilder();
        var engines = await census.RunningAsync();
        foreach (var stray in engines.Where(e => !_games.Contains(e.GameId)))
        {
            problems.AppendLine($"engine {stray.EngineId} serves no game of the run ({stray.GameId})");
        }

        var shouldRun = new List<Guid>();
        foreach (var gameId in _games)
        {
            var operations = await OperationsAsync(gameId);
            foreach (var unfinished in operations.Where(o => o.Status is not ("succeeded" or "failed")))
            {
                problems.AppendLine($"game {gameId}: operation {unfinished.OperationId} ({unfinished.Op}) is still {unfinished.Status}");
            }
            var accepted = operations.Where(o => _accepted.ContainsKey(o.OperationId)).ToList();
            accepted.Count.ShouldBe(operations.Count(o => o.Op is "start" or "stop"), $"game {gameId}: an operation was recorded that no call was answered with");

            var last = accepted.FirstOrDefault(); // newest first
            var running = engines.Where(e => e.GameId == gameId).ToList();
            var runtime = (await Node.GetGameAsync(gameId)).Runtime;
            switch (last)
            {
                case { Op: "start", Status: "succeeded" }:
                    shouldRun.Add(gameId);
                    Expect(running.Count == 1, $"game {gameId}: started last, has {running.Count} engines");
                    // A game may have ended by the engine's rules; its engine stays until it is stopped.
                    Expect(runtime?.Status is "running" or "generation_in_progress" or "finished", $"game {gameId}: started last, is {runtime?.Status}");
                    break;
                case { Op: "stop", Status: "succeeded" }:
                    Expect(running.Count == 0, $"game {gameId}: stopped last, has {running.Count} engines");
                    Expect(runtime?.Status == "stopped", $"game {gameId}: stopped last, is {runtime?.Status}");
                    break;
                default:
                    Expect(running.Count <= 1, $"game {gameId}: last call {last?.Op} {last?.Status} {last?.ErrorCode}, has {running.Count} engines");
                    break;
            }
        }

        await CheckTurnsAsync(shouldRun, problems);
        problems.Length.ShouldBe(0, $"seed {seed}, node logs in {dataDirectory}:\n{problems}");

        void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                problems.AppendLine(problem);
            }
        }
    }

    /// <summary>
    /// No turn was played twice: with the clock stopped (or the game finished), each running engine is at the turn Orrery recorded, and the
    /// game's snapshots never go back, and repeat a turn only to observe it again (a start re-reading the engine).
    /// </summary>
    private async Task CheckTurnsAsync(IEnumerable<Guid> games, StringBuilder problems)
    {
        foreach (var gameId in games)
        {
            using var paused = await Node.Http.PostAsync($"games/{gameId}/pause", null);
            if (!paused.IsSuccessStatusCode && (await Node.GetGameAsync(gameId)).Runtime?.Status != "finished")
            {
                problems.AppendLine($"game {gameId}: pause answered {(int)paused.StatusCode}: {await paused.Content.ReadAsStringAsync()}");
                continue;
            }
            var runtime = await Node.WaitForGameAsync(gameId, r => r.Status != "generation_in_progress");
            var engine = await NodeClient.EngineStatusAsync(runtime.EngineEndpoint!);
            var engineTurn = engine?.GetProperty("turn").GetInt32();
            if (engineTurn != runtime.CurrentTurn)
            {
                problems.AppendLine($"game {gameId}: the engine is at turn {engineTurn}, Orrery recorded {runtime.CurrentTurn}");
            }

            var snapshots = await SnapshotsAsync(gameId);
            foreach (var (previous, next) in snapshots.Zip(snapshots.Skip(1)))
            {
                if (next.Turn < previous.Turn || (next.Turn == previous.Turn && next.State.GetRawText() != previous.State.GetRawText()))
                {
                    problems.AppendLine($"game {gameId}: snapshot of turn {next.Turn} at {next.ObservedAt:O} follows turn {previous.Turn} at {previous.ObservedAt:O}");
                }
            }
        }
    }

    private async Task<IReadOnlyList<OperationResponse>> OperationsAsync(Guid gameId) =>
        await AllPagesAsync<OperationResponse>($"games/{gameId}/operations");

    /// <summary>The game's snapshots, oldest first.</summary>
    private async Task<IReadOnlyList<SnapshotResponse>> SnapshotsAsync(Guid gameId) =>
        (await AllPagesAsync<SnapshotResponse>($"games/{gameId}/snapshots")).OrderBy(s => s.ObservedAt).ToList();

    private async Task<IReadOnlyList<T>> AllPagesAsync<T>(string path)
    {
        var items = new List<T>();
        for (var page = 1; ; page++)
        {
            var listed = (await Node.Http.GetFromJsonAsync<PageResponse<T>>($"{path}?page={page}&pageSize=100", NodeClient.Json))!;
            items.AddRange(listed.Items);
            if (items.Count >= listed.Total || listed.Items.Count == 0)
            {
                return items;
            }
        }
    }
}
