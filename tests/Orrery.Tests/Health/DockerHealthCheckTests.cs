using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Orrery.Api;
using Orrery.Hosting;
using Orrery.Tests.Shared;
using Orrery.Tests.Support;

namespace Orrery.Tests.Health;

/// <summary>
/// A node on the real Docker daemon whose engine image carries a <c>HEALTHCHECK</c> that fails (SPEC §6): the monitor
/// reports <c>inspect_unhealthy</c> and the consumer keeps the event's details with the game's record. (The daemon's
/// <c>health_status: unhealthy</c> event is the engine host tests'; here the check may fail while the game is still
/// starting, before the monitor watches it, so the inspection rounds are made frequent to find it either way.)
/// </summary>
public sealed class DockerHealthCheckTests : IAsyncDisposable
{
    private readonly string _stack = "health-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("orrery-healthcheck-");
    private WebApplication? _node;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) // else the test was skipped before it started anything (no Docker daemon)
        {
            await _node.DisposeAsync();
            foreach (var container in (await PrivateDockerDaemon.RunDockerAsync(
                TestServers.Docker, ["ps", "-aq", "--filter", $"label=orrery.stack={_stack}"], CancellationToken.None)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await PrivateDockerDaemon.RunDockerAsync(TestServers.Docker, ["rm", "-f", container], CancellationToken.None);
            }
        }
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task An_engine_whose_image_HEALTHCHECK_fails_is_reported_inspect_unhealthy_with_what_the_check_said()
    {
        var image = await FailingHealthCheckImage.EnsureAsync(TestServers.Docker, TestServers.EngineImage, Ct);
        _node = OrreryNode.Build(
            [
                $"--Orrery:DataDirectory={_data.FullName}",
                "--Orrery:EngineHost=docker",
                $"--Orrery:Stack={_stack}",
                $"--Orrery:BundledEngineImage={image}",
                $"--Orrery:Docker:Endpoint={TestServers.Docker}",
                $"--Orrery:Docker:ContainerPrefix={_stack}-",
                "--Orrery:Docker:Memory=256m",
                "--Orrery:Docker:PullPolicy=never",
                "--Orrery:Reconcile:Interval=01:00:00",
                "--Orrery:Health:InspectInterval=00:00:01",
                "--Logging:LogLevel:Default=Warning",
            ],
            builder => builder.WebHost.UseTestServer());
        await _node.StartAsync(Ct);
        var client = _node.GetTestClient();
        client.BaseAddress = new Uri(client.BaseAddress!, "/api/v1/");

        var gameId = await NodeHarness.RegisterGameAsync(client);
        var started = await NodeHarness.RunOperationAsync(client, gameId, "start");
        started.Status.ShouldBe("succeeded", started.ErrorMessage); // the engine answers: only the runtime's check fails

        // A readiness wait, not a timing assertion: the check fails within a second or two of the start.
        RuntimeResponse? runtime = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (runtime?.LastHealthEvent != "inspect_unhealthy")
        {
            await Task.Delay(100, deadline.Token);
            runtime = (await client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, deadline.Token))!.Runtime;
        }

        runtime.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe("running"),
            r => r.EngineHealth.ShouldBe("inspect_unhealthy"),
            r => r.LastHealthEventDetails.ShouldNotBeNull().GetProperty("health_status").GetString().ShouldBe("unhealthy"),
            r => r.LastHealthEventDetails!.Value.GetProperty("health_output").GetString().ShouldNotBeNullOrWhiteSpace());
    }
}
