using System.Text.Json;
using Npgsql;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// The production node of SPEC §1: <c>orrery up</c> with <c>Orrery:Store=postgres</c>, <c>Orrery:Streams=redis</c>
/// and <c>Orrery:EngineHost=docker</c> against the real servers, running the embedded mode's scenario with the
/// engine in a real container.
/// </summary>
public sealed class ProductionModeTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-e2e-prod-").FullName;
    private readonly string _stack = "e2e-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _database = "orrery_e2e_" + Guid.NewGuid().ToString("N")[..12];
    private OrreryProcess? _orrery;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_orrery is not null)
        {
            await _orrery.DisposeAsync();
            await DockerCli.RemoveStackAsync(_stack);
            await using var admin = new NpgsqlConnection(TestServers.Postgres);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_game_runs_in_a_container_with_its_records_in_PostgreSQL_and_its_events_on_Redis()
    {
        _orrery = await StartNodeAsync();
        using var node = new NodeClient(_orrery.Url);
        var gameId = await node.RegisterScheduledGameAsync("1.0.0", "* * * * * *", "Andorians", "Cygnans");

        var start = await node.RunAsync(gameId, "start");

        start.Status.ShouldBe("succeeded", $"{start.ErrorCode}: {start.ErrorMessage}\n{_orrery.Output}");
        var container = await DockerAsync("ps", "--filter", $"label=orrery.game_id={gameId}", "--filter", $"label=orrery.stack={_stack}", "--format", "{{.Names}} {{.Image}} {{.State}}");
        container.Trim().ShouldBe($"orrery-game-{gameId} {TestServers.EngineImage} running");

        var played = await node.WaitForGameAsync(gameId, r => r.CurrentTurn >= 2);
        played.Status.ShouldBeOneOf("running", "generation_in_progress");
        (await StoredRuntimeAsync(gameId)).CurrentTurn.ShouldBeGreaterThanOrEqualTo(2, "the runtime record lives in PostgreSQL");
        var lobby = await RedisLobbyTurnsAsync(gameId);
        lobby.ShouldContain(1, "the lobby events are on Redis");
        lobby.ShouldContain(2);

        var stop = await node.RunAsync(gameId, "stop");

        stop.Status.ShouldBe("succeeded", stop.ErrorMessage);
        (await StoredRuntimeAsync(gameId)).Status.ShouldBe("stopped");
        (await DockerAsync("ps", "-q", "--filter", $"label=orrery.game_id={gameId}")).Trim().ShouldBeEmpty("the container is stopped");
    }

    [Fact]
    public async Task A_killed_container_is_seen_through_the_daemon_events_and_the_game_becomes_engine_unreachable()
    {
        // Inspections every 10 minutes: only the daemon's event can tell of the kill while the test waits.
        _orrery = await StartNodeAsync(("Orrery__Health__InspectInterval", "00:10:00"));
        using var node = new NodeClient(_orrery.Url);
        var gameId = await node.RegisterGameAsync("Andorians", "Cygnans");
        (await node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", _orrery.Output);
        var container = (await node.GetGameAsync(gameId)).Runtime!.EngineId!;

        await DockerAsync("kill", container);

        var unreachable = await node.WaitForGameAsync(gameId, r => r.Status == "engine_unreachable", TimeSpan.FromSeconds(60));
        unreachable.EngineHealth.ShouldBe("exited");
        var healthEvents = await node.ReadStreamAsync("runtime:health_events");
        healthEvents.ShouldContain(e => e.Fields["event_type"] == "container_exited" && e.Fields["game_id"] == gameId.ToString());
    }

    [Fact]
    public async Task After_a_crash_the_reconciler_removes_a_gone_container_adopts_a_live_one_and_touches_only_its_stack()
    {
        (string, string)[] settings = [("Orrery__Reconcile__Interval", "01:00:00"), ("Orrery__Reconcile__RemoveOrphans", "true")];
        _orrery = await StartNodeAsync(settings);
        var node = new NodeClient(_orrery.Url);
        var gone = await node.RegisterGameAsync("Andorians", "Cygnans");
        var adopted = await node.RegisterGameAsync("Andorians", "Cygnans");
        (await node.RunAsync(gone, "start")).Status.ShouldBe("succeeded", _orrery.Output);
        (await node.RunAsync(adopted, "start")).Status.ShouldBe("succeeded", _orrery.Output);
        var goneContainer = (await node.GetGameAsync(gone)).Runtime!.EngineId!;
        var adoptedContainer = (await node.GetGameAsync(adopted)).Runtime!.EngineId!;
        node.Dispose();

        await _orrery.KillAsync();
        await DockerAsync("rm", "-f", goneContainer);
        await SetStoredStatusAsync(adopted, "stopped"); // as if the node died between launching and recording
        var orphan = await RunLabelledAsync(_stack);
        var foreign = await RunLabelledAsync("other-" + _stack);
        try
        {
            await _orrery.DisposeAsync();
            _orrery = await StartNodeAsync(settings, createDatabase: false); // its start-up pass is the first
            var (exitCode, output) = await _orrery.RunCliAsync("reconcile"); // the second

            exitCode.ShouldBe(0, output);
            (await StoredRuntimeAsync(gone)).Status.ShouldBe("removed", output);
            (await StoredRuntimeAsync(adopted)).Status.ShouldBe("running", output);
            (await DockerAsync("ps", "-q", "--no-trunc", "--filter", $"id={adoptedContainer}")).Trim().ShouldBe(adoptedContainer, "adopted, not relaunched");
            (await DockerAsync("ps", "-aq", "--filter", $"id={orphan}")).Trim().ShouldBeEmpty("an orphan of this stack is removed");
            (await DockerAsync("ps", "-aq", "--no-trunc", "--filter", $"id={foreign}")).Trim().ShouldBe(foreign, "another stack's container is never touched");
        }
        finally
        {
            await DockerAsync("rm", "-f", foreign);
        }
    }

    /// <summary>A container with the engine labels of <paramref name="stack"/> and a game no node knows; returns its id.</summary>
    private static async Task<string> RunLabelledAsync(string stack) =>
        (await DockerAsync("run", "-d", "--network", "none",
            "--label", "orrery.managed=1", "--label", $"orrery.stack={stack}", "--label", $"orrery.game_id={Guid.NewGuid()}",
            "--label", "orrery.engine_version=1.0.0", TestServers.EngineImage)).Trim();

    private async Task SetStoredStatusAsync(Guid gameId, string status)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE runtime_records SET status = @status, version = version + 1 WHERE game_id = @id", connection);
        update.Parameters.AddWithValue("status", status);
        update.Parameters.AddWithValue("id", gameId);
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private Task<OrreryProcess> StartNodeAsync(params (string Name, string Value)[] extra) => StartNodeAsync(extra, createDatabase: true);

    private async Task<OrreryProcess> StartNodeAsync((string Name, string Value)[] extra, bool createDatabase)
    {
        if (createDatabase)
        {
            await CreateDatabaseAsync();
        }
        var environment = ProductionSettings.Environment(DatabaseConnectionString, _stack);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }
        return await OrreryProcess.StartAsync(_data, environment);
    }

    private string DatabaseConnectionString => new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = _database }.ConnectionString;

    private async Task CreateDatabaseAsync()
    {
        await using var admin = new NpgsqlConnection(TestServers.Postgres);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
        await create.ExecuteNonQueryAsync();
    }

    private async Task<(string Status, int CurrentTurn)> StoredRuntimeAsync(Guid gameId)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT status, current_turn FROM runtime_records WHERE game_id = @id", connection);
        query.Parameters.AddWithValue("id", gameId);
        await using var reader = await query.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue($"no runtime record for {gameId} in PostgreSQL");
        return (reader.GetString(0), reader.GetInt32(1));
    }

    /// <summary>The turns of the game's <c>runtime_snapshot_update</c> entries, read from Redis by redis-cli, not through Orrery.</summary>
    private static async Task<IReadOnlyList<int>> RedisLobbyTurnsAsync(Guid gameId)
    {
        var (host, port) = (TestServers.Redis.Split(':')[0], TestServers.Redis.Split(':')[1]);
        var output = await CommandLine.RunAsync("redis-cli", "-h", host, "-p", port, "-2", "--json", "XRANGE", "gm:lobby_events", "-", "+");
        // [[id, [name, value, name, value, ...]], ...]
        return JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(entry => entry[1].EnumerateArray().Select(v => v.GetString()!).Chunk(2).ToDictionary(f => f[0], f => f[1]))
            .Where(fields => fields["event_type"] == "runtime_snapshot_update" && fields["game_id"] == gameId.ToString())
            .Select(fields => int.Parse(fields["current_turn"]))
            .ToList();
    }

    private static Task<string> DockerAsync(params string[] args) => DockerCli.RunAsync(args);
}
