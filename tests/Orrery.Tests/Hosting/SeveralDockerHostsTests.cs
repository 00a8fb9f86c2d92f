using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Hosting;
using Orrery.Reconcile;
using Orrery.Tests.Shared;
using Orrery.Tests.Support;

namespace Orrery.Tests.Hosting;

/// <summary>
/// A node on two real Docker daemons (SPEC §10, <c>Orrery:Docker:Hosts</c>): the shared test daemon as <c>a</c> and a
/// private one as <c>b</c>, running the real reference engine image. Placement by most room, full hosts, and a daemon
/// that goes away.
/// </summary>
public sealed class SeveralDockerHostsTests : IAsyncLifetime
{
    private readonly string _stack = "hosts-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("orrery-hosts-");
    private PrivateDockerDaemon _second = null!;
    private WebApplication? _node;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _second = await PrivateDockerDaemon.StartAsync([TestServers.EngineImage], Ct);

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        foreach (var container in (await PrivateDockerDaemon.RunDockerAsync(
            TestServers.Docker, ["ps", "-aq", "--filter", $"label=orrery.stack={_stack}"], CancellationToken.None)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await PrivateDockerDaemon.RunDockerAsync(TestServers.Docker, ["rm", "-f", container], CancellationToken.None);
        }
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task Starts_GoWhereThereIsMostRoom_TheFirstHostOnATie_AndAreRefusedWhenEveryHostIsFull()
    {
        await StartNodeAsync(capacityA: 2, capacityB: 1);

        var hosts = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            hosts.Add(HostOf(await StartGameAsync()));
        }
        var refused = await NodeHarness.RunOperationAsync(_client, await NodeHarness.RegisterGameAsync(_client), "start");

        hosts.ShouldBe(["a", "a", "b"]); // room 2 vs 1, then 1 vs 1 (the first), then 0 vs 1
        refused.Status.ShouldBe("failed");
        refused.ErrorCode.ShouldBe(ErrorCodes.EngineHostFull);
        refused.ErrorMessage.ShouldNotBeNull().ShouldContain("a: 2 of 2 engines run or are starting; b: 1 of 1 engines");
        (await _second.DockerAsync("ps", "-q", "--filter", $"label=orrery.stack={_stack}")).Split('\n').Length.ShouldBe(1);
        var usage = await HostsAsync();
        usage.Select(h => (h.Name, h.Where, h.Running, h.Capacity)).ShouldBe(
            [("a", TestServers.Docker, (int?)2, (int?)2), ("b", _second.Endpoint, 1, 1)]);
    }

    [Fact]
    public async Task A_daemon_that_goes_away_makes_its_games_engine_unreachable_takes_no_new_game_and_is_listed_with_its_error()
    {
        await StartNodeAsync(capacityA: 5, capacityB: 5);
        var onA = await StartGameAsync();
        var onB = await StartGameAsync();
        HostOf(onA).ShouldBe("a");
        HostOf(onB).ShouldBe("b"); // 4 vs 5: b has more room now

        await _second.StopAsync();
        var report = await ReconcileAsync();
        var later = await ReconcileAsync(); // a second pass would remove a game that is merely missing

        report.Unreachable.ShouldBe([onB.GameId]);
        report.Refreshed.ShouldBe([onA.GameId]);
        later.Removed.ShouldBeEmpty();
        (await GameAsync(onB.GameId)).Runtime!.Status.ShouldBe("engine_unreachable");
        (await GameAsync(onA.GameId)).Runtime!.Status.ShouldBe("running");

        var placed = await StartGameAsync(); // b would have more room, but cannot be reached
        HostOf(placed).ShouldBe("a");

        var hosts = await HostsAsync();
        var down = hosts.Single(h => h.Name == "b");
        down.Reachable.ShouldBeFalse();
        down.Error.ShouldNotBeNullOrWhiteSpace();
        down.Running.ShouldBeNull();
        hosts.Single(h => h.Name == "a").ShouldSatisfyAllConditions(h => h.Reachable.ShouldBeTrue(), h => h.Running.ShouldBe(2));

        (await NodeHarness.RunOperationAsync(_client, onA.GameId, "stop")).Status.ShouldBe("succeeded", "the other host is unaffected");
    }

    private async Task StartNodeAsync(int capacityA, int capacityB)
    {
        string[] args =
        [
            $"--Orrery:DataDirectory={_data.FullName}",
            "--Orrery:EngineHost=docker",
            $"--Orrery:Stack={_stack}",
            $"--Orrery:BundledEngineImage={TestServers.EngineImage}",
            "--Orrery:Docker:Hosts:0:Name=a", $"--Orrery:Docker:Hosts:0:Endpoint={TestServers.Docker}", $"--Orrery:Docker:Hosts:0:Capacity={capacityA}",
            "--Orrery:Docker:Hosts:1:Name=b", $"--Orrery:Docker:Hosts:1:Endpoint={_second.Endpoint}", $"--Orrery:Docker:Hosts:1:Capacity={capacityB}",
            $"--Orrery:Docker:ContainerPrefix={_stack}-",
            "--Orrery:Docker:Memory=256m",
            "--Orrery:Docker:PullPolicy=never",
            "--Orrery:Reconcile:Interval=01:00:00",
            "--Logging:LogLevel:Default=Warning",
        ];
        _node = OrreryNode.Build(args, builder => builder.WebHost.UseTestServer());
        await _node.StartAsync(Ct);
        _client = _node.GetTestClient();
        _client.BaseAddress = new Uri(_client.BaseAddress!, "/api/v1/");
    }

    private async Task<OperationResponse> StartGameAsync()
    {
        var started = await NodeHarness.RunOperationAsync(_client, await NodeHarness.RegisterGameAsync(_client), "start");
        started.Status.ShouldBe("succeeded", started.ErrorMessage);
        return started;
    }

    /// <summary>The host the operation's engine runs on, from its id (<c>&lt;host&gt;/&lt;container id&gt;</c>).</summary>
    private static string? HostOf(OperationResponse operation) => operation.EngineId?.Split('/')[0];

    private async Task<GameResponse> GameAsync(Guid gameId) => (await _client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, Ct))!;

    private async Task<List<EngineHostResponse>> HostsAsync() =>
        (await _client.GetFromJsonAsync<List<EngineHostResponse>>("engine-hosts", NodeHarness.Json, Ct))!;

    private async Task<ReconcileReportResponse> ReconcileAsync()
    {
        var response = await _client.PostAsync("reconcile", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ReconcileReportResponse>(NodeHarness.Json, Ct))!;
    }
}
