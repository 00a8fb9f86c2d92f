using System.Net.Http.Json;
using Npgsql;
using Orrery.Api;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>
/// Replicas of the real binary forming one Orleans cluster over a database of their own on the test PostgreSQL, the
/// test Redis and the test dockerd: each with its own HTTP port and silo port, all with one data directory, since the
/// games' state directories must be where every replica (and the daemon) finds them: a game stopped by one replica and
/// started by another resumes from its state.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orrery-e2e-cluster-").FullName;
    private readonly string _database = "cluster_" + Guid.NewGuid().ToString("N")[..12];
    private readonly OrreryProcess?[] _replicas;
    private readonly int[] _siloPorts;
    private readonly List<string> _logs = [];

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _postgresServer;

    /// <param name="settings">Environment variables every replica gets on top of the production settings (e.g. <c>Orrery__Reconcile__Interval</c>, or <c>ConnectionStrings__Redis</c> for a Redis of the test's own).</param>
    /// <param name="postgresServer">A superuser connection string of the PostgreSQL to create the cluster's database on; default the shared test server.</param>
    public ReplicaSet(int count, IReadOnlyDictionary<string, string>? settings = null, string? postgresServer = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _postgresServer = postgresServer ?? TestServers.Postgres;
        _replicas = new OrreryProcess?[count];
        _siloPorts = [.. Enumerable.Range(0, count).Select(_ => OrreryProcess.FreePort())];
        Stack = "cl-" + Guid.NewGuid().ToString("N")[..8];
    }

    public string Stack { get; }

    public int Count => _replicas.Length;

    /// <summary>The server's superuser, unpooled: a pooled connection would not survive a test restarting the server.</summary>
    private string AdminConnectionString => new NpgsqlConnectionStringBuilder(_postgresServer) { Pooling = false }.ConnectionString;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _database }.ConnectionString;

    /// <summary>The replicas that run now, with their index.</summary>
    public IEnumerable<(int Index, OrreryProcess Process)> Running =>
        _replicas.Select((r, i) => (i, r)).Where(x => x.r is { HasExited: false }).Select(x => (x.i, x.r!));

    public OrreryProcess this[int index] => _replicas[index] ?? throw new InvalidOperationException($"Replica {index} is not running.");

    public int SiloPort(int index) => _siloPorts[index];

    public async Task StartAllAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        for (var i = 0; i < Count; i++)
        {
            await StartAsync(i);
        }
    }

    public async Task StartAsync(int index)
    {
        var environment = ProductionSettings.Environment(ConnectionString, Stack);
        // Games that never end by the engine's rules: every game that should run is still turning at the end.
        environment["Orrery__Docker__Environment__ENGINE_MAX_TURNS"] = "1000000";
        environment["Orrery__Docker__Environment__ENGINE_DOMINATION_ENDS"] = "0";
        environment["Orrery__Cluster__Enabled"] = "true";
        environment["Orrery__Cluster__ClusterId"] = _database;
        environment["Orrery__Cluster__SiloPort"] = _siloPorts[index].ToString();
        foreach (var (name, value) in _settings)
        {
            environment[name] = value;
        }
        _replicas[index] = await OrreryProcess.StartAsync(Path.Combine(_root, "data"), environment);
    }

    /// <summary>SIGKILL, and the replica's output kept for a failing run.</summary>
    public async Task KillAsync(int index)
    {
        await this[index].KillAsync();
        await RetireAsync(index);
    }

    /// <summary>Keeps the output of a replica that ended (killed, or stopped by Orleans after it was declared dead).</summary>
    public async Task RetireAsync(int index)
    {
        if (_replicas[index] is { } replica)
        {
            _logs.Add($"--- replica {index} (silo port {_siloPorts[index]})\n{replica.Output}");
            await replica.DisposeAsync();
            _replicas[index] = null;
        }
    }

    /// <summary>The replica index whose silo owns the most of <paramref name="games"/> now (from the shard table).</summary>
    public async Task<int> OwnerOfMostAsync(IEnumerable<Guid> games, Func<Guid, int> shardOf) =>
        (await OwnersAsync(games, shardOf)).Values
            .GroupBy(i => i).OrderByDescending(g => g.Count()).Select(g => g.Key).First();

    /// <summary>The running replica that owns each of <paramref name="games"/> now (from the shard table); games of no running replica are left out.</summary>
    public async Task<Dictionary<Guid, int>> OwnersAsync(IEnumerable<Guid> games, Func<Guid, int> shardOf)
    {
        var owners = await ShardOwnersAsync();
        return games.Where(g => owners.ContainsKey(shardOf(g))).ToDictionary(g => g, g => owners[shardOf(g)]);
    }

    /// <summary>The running replica that owns each game shard now (from the shard table); shards of no running replica are left out.</summary>
    public async Task<Dictionary<int, int>> ShardOwnersAsync()
    {
        var owners = new Dictionary<int, int>(); // shard -> replica
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT shard, port FROM game_shards", connection);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var replica = Array.IndexOf(_siloPorts, reader.GetInt32(1));
            if (replica >= 0 && _replicas[replica] is { HasExited: false })
            {
                owners[reader.GetInt32(0)] = replica;
            }
        }
        return owners;
    }

    /// <summary>Waits until every running replica is an active member owning shards and no shard is without an owner.</summary>
    public async Task WaitForSpreadAsync(TimeSpan timeout)
    {
        var running = Running.ToList();
        using var client = new NodeClient(running[0].Process.Url);
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var cluster = await client.Http.GetFromJsonAsync<ClusterResponse>("cluster", NodeClient.Json, deadline.Token);
            var owning = cluster!.Members.Count(m => m.Status == "active" && m.ShardsOwned > 0);
            if (owning == running.Count && cluster.UnownedShards == 0)
            {
                return;
            }
            await Task.Delay(250, deadline.Token);
        }
    }

    public string Logs => string.Join("\n", _logs.Concat(Running.Select(r => $"--- replica {r.Index} (running)\n{r.Process.Output}")));

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            await RetireAsync(i);
        }
        await File.WriteAllTextAsync(Path.Combine(_root, "replicas.log"), string.Join("\n", _logs));
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
