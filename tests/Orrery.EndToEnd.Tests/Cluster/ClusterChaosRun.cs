using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orrery.Api;
using Orrery.Cluster;
using Orrery.EndToEnd.Tests.Chaos;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>The shape of one cluster chaos run.</summary>
internal sealed record ClusterChaosSettings(int Games, int Operations, TimeSpan Hang);

/// <summary>
/// Issue 13's chaos run: three replicas on PostgreSQL, Redis and Docker, games on a 1-second schedule, a stream of
/// start/stop/pause/resume/patch calls sent to any replica; one replica killed (the one owning most games), another
/// hung (SIGSTOP) for longer than the death timeout and woken, the killed one restarted. At the end every operation
/// has ended, every game that should run has exactly one engine and keeps turning, no engine serves no game, and every
/// engine's own turn count equals its record's (no turn played twice).
/// </summary>
internal sealed class ClusterChaosRun(ClusterChaosSettings settings, int seed) : IAsyncDisposable
{
    private const string EverySecond = "* * * * * *";
    private static readonly GameShards Shards = new(GameShards.DefaultCount);

    private readonly Random _random = new(seed);
    private readonly ReplicaSet _replicas = new(3);
    private readonly List<Guid> _games = [];
    private readonly Dictionary<Guid, Guid> _accepted = []; // queued operation id -> game id
    private readonly HashSet<Guid> _refused = []; // refused calls recorded as failed operations
    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;
    private int _rejected;
    private bool _verified;

    public async Task RunAsync()
    {
        _output.WriteLine($"cluster chaos seed {seed} (replay with ORRERY_CHAOS_SEED={seed}): {settings.Games} games, {settings.Operations} calls");
        var clock = Stopwatch.StartNew();
        await _replicas.StartAllAsync();
        var any = AnyNode();
        using (var version = await any.Http.PutAsJsonAsync("engine-versions/1.0.1", new { imageRef = TestServers.EngineImage }))
        {
            version.EnsureSuccessStatusCode();
        }
        for (var i = 0; i < settings.Games; i++)
        {
            _games.Add(await any.RegisterScheduledGameAsync("1.0.0", EverySecond, "Andorians", "Cygnans"));
        }

        var plan = ChaosPlan.Create(_random, _games, settings.Operations, kills: 0);
        // One fault at a time, as the issue orders them: a kill, later a hang (the survivors are a majority), then the restarts.
        int[] faults = [settings.Operations / 5, settings.Operations * 2 / 5, settings.Operations * 3 / 5];
        int? killed = null;
        foreach (var step in plan.Steps)
        {
            await IssueAsync(step.GameId, step.Op, $"chaos-{seed}-{step.Index}");
            if (_random.NextDouble() < 0.2)
            {
                var game = _games[_random.Next(_games.Count)];
                var op = new[] { "pause", "resume", "patch" }[_random.Next(3)];
                await IssueAsync(game, op, $"chaos-{seed}-{step.Index}-extra");
            }
            if (step.Index == faults[0])
            {
                killed = await _replicas.OwnerOfMostAsync(_games, Shards.ShardOf);
                _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: kill -9 replica {killed}");
                await _replicas.KillAsync(killed.Value);
            }
            else if (step.Index == faults[1])
            {
                var hung = _replicas.Running.First(r => r.Index != killed).Index;
                _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: SIGSTOP replica {hung} for {settings.Hang.TotalSeconds:0} s");
                await HangAsync(hung);
            }
            else if (step.Index == faults[2])
            {
                await RestartStoppedAsync(clock);
            }
            await Task.Delay(_random.Next(0, 60));
        }
        await RestartStoppedAsync(clock);
        _output.WriteLine($"{_accepted.Count} queued calls accepted, {_rejected} calls rejected, after {clock.Elapsed.TotalSeconds:0.0} s");

        await SettleAsync();
        _output.WriteLine($"every operation ended after {clock.Elapsed.TotalSeconds:0.0} s");
        await VerifyAsync();
        _output.WriteLine($"verified after {clock.Elapsed.TotalSeconds:0.0} s");
        _verified = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_verified)
        {
            _output.WriteLine(_replicas.Logs.Length > 200_000 ? _replicas.Logs[^200_000..] : _replicas.Logs);
        }
        await _replicas.DisposeAsync();
        await DockerCli.RemoveStackAsync(_replicas.Stack);
    }

    /// <summary>SIGSTOP past the death timeout, then SIGCONT: Orleans declared it dead, so it must write nothing and stop itself.</summary>
    private async Task HangAsync(int index)
    {
        var replica = _replicas[index];
        OrreryProcess.Kill(replica.Pid, 19);
        await Task.Delay(settings.Hang);
        OrreryProcess.Kill(replica.Pid, 18);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!replica.HasExited && !deadline.IsCancellationRequested)
        {
            await Task.Delay(100);
        }
        _output.WriteLine(replica.HasExited ? $"replica {index} stopped itself after waking" : $"replica {index} still runs after waking");
    }

    private async Task RestartStoppedAsync(Stopwatch clock)
    {
        for (var i = 0; i < _replicas.Count; i++)
        {
            if (!_replicas.Running.Any(r => r.Index == i))
            {
                await _replicas.RetireAsync(i);
                _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: restart replica {i}");
                await _replicas.StartAsync(i);
            }
        }
    }

    private NodeClient AnyNode()
    {
        var running = _replicas.Running.ToList();
        return new NodeClient(running[_random.Next(running.Count)].Process.Url);
    }

    /// <summary>
    /// One call to a random replica, with an idempotency key; a replica that fails or does not answer (it died, or the
    /// game's owner did) gets the same call again on another replica, which the key makes the same operation.
    /// </summary>
    private async Task IssueAsync(Guid gameId, string op, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var node = AnyNode();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/{op}");
            request.Headers.Add("Idempotency-Key", key);
            if (op == "patch")
            {
                request.Content = JsonContent.Create(new { version = "1.0.1" });
            }
            HttpResponseMessage response;
            try
            {
                response = await node.Http.SendAsync(request);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && attempt < 20)
            {
                await Task.Delay(500);
                continue;
            }
            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted:
                        var operation = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeClient.Json))!;
                        _accepted[operation.OperationId] = gameId;
                        return;
                    case HttpStatusCode.OK:
                        return; // an immediate call
                    case HttpStatusCode.Conflict or HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests:
                        _rejected++; // not acceptable in the game's state at that moment (e.g. pause of a stopped game)
                        if (await ChaosChecks.RecordedRefusalAsync(response) is { } refused)
                        {
                            _refused.Add(refused); // a refused start is recorded as a failed operation
                        }
                        return;
                    case >= HttpStatusCode.InternalServerError when attempt < 20:
                        await Task.Delay(500); // the owner is moving: the keeper places it again within seconds
                        continue;
                    default:
                        throw new InvalidOperationException($"{op} of {gameId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
    }

    private async Task SettleAsync()
    {
        using var node = AnyNode();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var gameId in _games)
        {
            while ((await ChaosChecks.OperationsAsync(node, gameId)).Any(o => o.Status is "queued" or "running"))
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private async Task VerifyAsync()
    {
        using var node = AnyNode();
        var problems = new StringBuilder();
        var shouldRun = await ChaosChecks.EnginesMatchLastCallsAsync(node, _games, _accepted, _refused, new DockerCensus(_replicas.Stack), problems);
        await ChaosChecks.StillTurningAsync(node, shouldRun, problems);
        await ChaosChecks.EngineTurnsMatchRecordsAsync(node, shouldRun, problems);
        problems.Length.ShouldBe(0, $"seed {seed}:\n{problems}");
    }
}
