using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Engines;
using Orrery.Engines.Docker;

namespace Orrery.Benchmarks;

/// <summary>
/// N replicas of the real binary forming one Orleans cluster over a fresh PostgreSQL database, the throwaway Redis and
/// a Docker host (<c>ORRERY_TEST_DOCKER</c>, image <c>ORRERY_TEST_ENGINE_IMAGE</c>), as <c>docs/deployment.md</c> runs
/// them. Engines are containers of a stack of this cluster's own, removed on dispose.
/// </summary>
internal sealed class ReplicaCluster : IAsyncDisposable
{
    private const string MembershipPrefix = "Orrery__Cluster__Membership__";
    private readonly TemporaryPostgresDatabase _database;
    private readonly string _dockerEndpoint;
    private readonly Dictionary<string, string> _environment;

    private ReplicaCluster(
        TemporaryPostgresDatabase database, string stack, string dockerEndpoint, Dictionary<string, string> environment, List<ClusterReplica> replicas)
    {
        _database = database;
        _environment = environment;
        Stack = stack;
        _dockerEndpoint = dockerEndpoint;
        Replicas = replicas;
        Database = new ClusterDatabase(database.ConnectionString);
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Stack { get; }
    public IReadOnlyList<ClusterReplica> Replicas { get; }
    public ClusterDatabase Database { get; }
    public string ConnectionString => _database.ConnectionString;
    public HttpClient Http { get; }

    /// <param name="membership">Orrery:Cluster:Membership settings (name -> value); empty for Orrery's defaults.</param>
    /// <param name="settings">Further environment settings of every replica (<c>Orrery__Reconcile__Interval</c> ...).</param>
    public static async Task<ReplicaCluster> StartAsync(
        int count, IReadOnlyDictionary<string, string> membership, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var docker = Required("ORRERY_TEST_DOCKER");
        var redis = Required("ORRERY_TEST_REDIS");
        var image = Environment.GetEnvironmentVariable("ORRERY_TEST_ENGINE_IMAGE") ?? "orrery/reference-engine:test";
        var database = await TemporaryPostgresDatabase.CreateAsync(cancellationToken);
        var stack = database.Connection.Database!;
        var environment = new Dictionary<string, string>
        {
            ["Orrery__Store"] = "postgres",
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Orrery__Streams"] = "redis",
            ["ConnectionStrings__Redis"] = redis,
            ["Orrery__EngineHost"] = "docker",
            ["Orrery__Docker__Endpoint"] = docker,
            ["Orrery__Docker__PullPolicy"] = "never",
            ["Orrery__BundledEngineImage"] = image,
            ["Orrery__Stack"] = stack,
            // Every replica counts the stack's containers on the one Docker host: no cap, the benchmark sets the count.
            ["Orrery__EngineCapacity"] = "0",
            ["Orrery__Cluster__Enabled"] = "true",
            ["Orrery__Cluster__ClusterId"] = stack,
            // Replicas must share their player-token keys (docs/live-sessions.md).
            ["Orrery__Live__SigningKeys__0"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // Games outlast the run: no turn limit to speak of, no end by domination.
            ["Orrery__Docker__Environment__ENGINE_MAX_TURNS"] = "100000",
            ["Orrery__Docker__Environment__ENGINE_DOMINATION_ENDS"] = "0",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        SetMembership(environment, membership);
        var replicas = Enumerable.Range(1, count).Select(i => new ClusterReplica(i, environment)).ToList();
        var cluster = new ReplicaCluster(database, stack, docker, environment, replicas);
        await cluster.StartAllAsync(cancellationToken);
        return cluster;
    }

    /// <summary>Starts every replica, one after another: the first creates the schema, the others join a cluster that exists.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var replica in Replicas)
        {
            await replica.StartAsync(cancellationToken);
        }
    }

    /// <summary>Stops every replica (SIGTERM, one after another: each hands its shards to the ones left, the last leaves them unowned).</summary>
    public async Task StopAllAsync()
    {
        foreach (var replica in Replicas.Where(r => r.Running))
        {
            await replica.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Stops every replica and starts them again with other membership settings. The engines keep running: containers outlive nodes.</summary>
    public async Task RestartAllAsync(IReadOnlyDictionary<string, string> membership, CancellationToken cancellationToken)
    {
        await StopAllAsync();
        SetMembership(_environment, membership);
        await StartAllAsync(cancellationToken);
    }

    /// <summary>Registers a game on a 1-second schedule and starts it through <paramref name="replica"/> (any replica serves through the owner).</summary>
    public async Task<Guid> StartGameAsync(ClusterReplica replica, string schedule, CancellationToken cancellationToken)
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = "1.0.0",
            turnSchedule = schedule,
            memberships = new[] { new { userId = Guid.NewGuid(), raceName = "Andorians" }, new { userId = Guid.NewGuid(), raceName = "Cygnans" } },
        };
        var api = replica.Url + "/api/v1/";
        (await Http.PutAsJsonAsync($"{api}games/{gameId}", body, cancellationToken)).EnsureSuccessStatusCode();
        using var response = await Http.PostAsync($"{api}games/{gameId}/start", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var accepted = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeUnderTest.Json, cancellationToken))!;
        while (true)
        {
            var op = (await Http.GetFromJsonAsync<OperationResponse>($"{api}operations/{accepted.OperationId}", NodeUnderTest.Json, cancellationToken))!;
            if (op.Status == "succeeded") return gameId;
            if (op.Status == "failed") throw new InvalidOperationException($"start of game {gameId} failed: {op.ErrorCode} {op.ErrorMessage}");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The replica whose silo port owns <paramref name="port"/>'s shards, if any.</summary>
    public ClusterReplica? BySiloPort(int port) => Replicas.FirstOrDefault(r => r.SiloPort == port);

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }
        await RemoveEnginesAsync();
        Http.Dispose();
        await Database.DisposeAsync();
        await _database.DisposeAsync();
        // The replicas' logs outlive the run, for a second look at what a figure hides.
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "orrery-bench-logs")).FullName;
        foreach (var replica in Replicas)
        {
            File.Copy(replica.LogPath, Path.Combine(logs, $"{Stack}-replica{replica.Index}.log"), overwrite: true);
            Directory.Delete(replica.DataDirectory, recursive: true);
        }
        Console.WriteLine($"# replica logs in {logs}/{Stack}-replica*.log");
    }

    /// <summary>Every container of this cluster's stack, through the Docker engine host the replicas use.</summary>
    private async Task RemoveEnginesAsync()
    {
        await using var services = new ServiceCollection().AddLogging().AddMetrics().AddDockerEngineHost(o =>
        {
            o.Endpoint = _dockerEndpoint;
            o.Stack = Stack;
        }).BuildServiceProvider();
        var host = services.GetRequiredService<IEngineHost>();
        var engines = await host.ListAsync(CancellationToken.None);
        await Parallel.ForEachAsync(engines, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (engine, ct) => await host.RemoveAsync(engine.Id, ct));
        Console.WriteLine($"# removed {engines.Count} engine containers of stack {Stack}");
    }

    private static void SetMembership(Dictionary<string, string> environment, IReadOnlyDictionary<string, string> membership)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith(MembershipPrefix, StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }
        foreach (var (name, value) in membership)
        {
            environment[MembershipPrefix + name] = value;
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Set {name} (source the throwaway servers' env file: scripts/test-servers.sh).");
}
