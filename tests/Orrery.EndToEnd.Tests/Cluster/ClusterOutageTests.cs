using System.Diagnostics;
using System.Text;
using Orrery.EndToEnd.Tests.Chaos;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 13, "Bad input and faults": PostgreSQL or Redis goes away for about ten seconds under a two-replica cluster
/// whose games turn every second. No replica dies, the engines keep running (the same ones), writes resume when the
/// server is back, and nothing is left half-written.
/// </summary>
public sealed class ClusterOutageTests
{
    private const string EverySecond = "* * * * * *";
    private const int Games = 6;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    [Fact]
    public async Task Postgres_stopped_for_ten_seconds_engines_keep_running_and_writes_resume_with_nothing_half_written()
    {
        await using var postgres = await PrivatePostgresCluster.CreateAsync();
        await using var replicas = new ReplicaSet(2, postgresServer: postgres.ConnectionString);
        await RunOutageAsync(replicas, "PostgreSQL", () => postgres.StopAsync("fast"), postgres.StartAsync, new OutageChecks());
    }

    [Fact]
    public async Task Redis_stopped_for_ten_seconds_no_replica_dies_and_the_consumer_group_resumes()
    {
        await using var redis = await PrivateRedisServer.StartAsync();
        await using var replicas = new ReplicaSet(2, new Dictionary<string, string> { ["ConnectionStrings__Redis"] = redis.ConnectionString });
        // A game of its own whose engine dies while Redis is away: the event of its death cannot be published then.
        var victim = Guid.Empty;
        string? victimEngine = null;
        await RunOutageAsync(replicas, "Redis", redis.KillAsync, redis.StartAsync, new OutageChecks(
            Prepare: async client =>
            {
                victim = await client.RegisterGameAsync("Andorians", "Cygnans");
                (await client.RunAsync(victim, "start")).Status.ShouldBe("succeeded");
                victimEngine = (await client.GetGameAsync(victim)).Runtime!.EngineId;
            },
            During: () => DockerCli.RunAsync("kill", victimEngine!),
            After: async (client, games) =>
            {
                await HealthEventAppliedAsync(redis, client, games[0]);
                // The monitor's own probes find what the lost event said, and report it once Redis is back.
                var seen = await client.WaitForGameAsync(victim, r => r.EngineHealth != "healthy", TimeSpan.FromSeconds(60));
                seen.EngineHealth.ShouldNotBeNull();
            }));
    }

    /// <summary>What a scenario adds around the outage: before it (with the games turning), during it, after the server's return.</summary>
    private sealed record OutageChecks(
        Func<NodeClient, Task>? Prepare = null, Func<Task>? During = null, Func<NodeClient, IReadOnlyList<Guid>, Task>? After = null);

    private async Task RunOutageAsync(ReplicaSet replicas, string server, Func<Task> stop, Func<Task> start, OutageChecks checks)
    {
        var verified = false;
        try
        {
            await replicas.StartAllAsync();
            await replicas.WaitForSpreadAsync(TimeSpan.FromSeconds(60));
            using var client = new NodeClient(replicas[0].Url);
            var games = new List<Guid>();
            for (var i = 0; i < Games; i++)
            {
                var gameId = await client.RegisterScheduledGameAsync("1.0.0", EverySecond, "Andorians", "Cygnans");
                (await client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded");
                games.Add(gameId);
            }
            var engines = new Dictionary<Guid, string>();
            foreach (var gameId in games)
            {
                engines[gameId] = (await client.WaitForGameAsync(gameId, r => r.CurrentTurn >= 2)).EngineId!;
            }

            if (checks.Prepare is not null)
            {
                await checks.Prepare(client);
            }

            var clock = Stopwatch.StartNew();
            await stop();
            _output.WriteLine($"{server} stopped");
            if (checks.During is not null)
            {
                await checks.During();
            }
            await Task.Delay(Outage - clock.Elapsed, TestContext.Current.CancellationToken);
            await start();
            _output.WriteLine($"{server} started again after {clock.Elapsed.TotalSeconds:0.0} s");

            var problems = new StringBuilder();
            replicas.Running.Count().ShouldBe(2, "no replica died");
            if (checks.After is not null)
            {
                await checks.After(client, games);
            }
            // Writes resume: every game turns again without anyone's help (none was left paused or in progress).
            await TurnsAgainAsync(client, games, problems);
            await SettledAsync(client, games, problems);
            foreach (var gameId in games)
            {
                var engine = (await client.GetGameAsync(gameId)).Runtime!.EngineId;
                if (engine != engines[gameId])
                {
                    problems.AppendLine($"game {gameId}: engine {engines[gameId]} was replaced by {engine}");
                }
            }
            await ChaosChecks.EngineTurnsMatchRecordsAsync(client, games, problems);
            replicas.Running.Count().ShouldBe(2, "no replica died");
            problems.Length.ShouldBe(0, problems.ToString());
            verified = true;
        }
        finally
        {
            if (!verified)
            {
                _output.WriteLine(replicas.Logs.Length > 200_000 ? replicas.Logs[^200_000..] : replicas.Logs);
            }
            await DockerCli.RemoveStackAsync(replicas.Stack);
        }
    }

    /// <summary>Each game's recorded turn grows again within 30 s of the server's return, without a resume or a forced turn.</summary>
    private static async Task TurnsAgainAsync(NodeClient client, IReadOnlyList<Guid> games, StringBuilder problems)
    {
        var before = new Dictionary<Guid, int>();
        foreach (var gameId in games)
        {
            before[gameId] = (await client.GetGameAsync(gameId)).Runtime!.CurrentTurn;
        }
        foreach (var gameId in games)
        {
            try
            {
                await client.WaitForGameAsync(gameId, r => r.CurrentTurn > before[gameId] + 1, TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                var runtime = (await client.GetGameAsync(gameId)).Runtime!;
                problems.AppendLine($"game {gameId}: no turn recorded after the outage: turn {runtime.CurrentTurn}, {runtime.Status}, paused {runtime.Paused}, health {runtime.EngineHealth}");
            }
        }
    }

    /// <summary>Every operation of every game ended or is still queued: none was left running by a write that failed half-way.</summary>
    private static async Task SettledAsync(NodeClient client, IReadOnlyList<Guid> games, StringBuilder problems)
    {
        foreach (var gameId in games)
        {
            foreach (var operation in await ChaosChecks.OperationsAsync(client, gameId))
            {
                if (operation.Status is not ("succeeded" or "failed" or "queued"))
                {
                    problems.AppendLine($"game {gameId}: operation {operation.OperationId} ({operation.Op}) is {operation.Status}");
                }
            }
        }
    }

    /// <summary>
    /// The consumer group resumed: a health event written to the stream after Redis came back is applied (it names no
    /// engine, so it is about the game's current one).
    /// </summary>
    private static async Task HealthEventAppliedAsync(PrivateRedisServer redis, NodeClient client, Guid gameId)
    {
        var occurredAt = DateTimeOffset.UtcNow;
        await CommandLine.RunAsync(redis.CliBinary, "-p", $"{redis.Port}", "XADD", "runtime:health_events", "*", "game_id", $"{gameId}",
            "event_type", "probe_recovered", "occurred_at_ms", $"{occurredAt.ToUnixTimeMilliseconds()}");
        var runtime = await client.WaitForGameAsync(
            gameId, r => r.LastHealthEventAt >= occurredAt.AddMilliseconds(-1) && r.LastHealthEvent == "probe_recovered", TimeSpan.FromSeconds(30));
        runtime.Status.ShouldBe("running");
    }
}
