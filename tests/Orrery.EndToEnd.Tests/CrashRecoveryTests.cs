using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// Issue 6 on the real binary and real engine processes: a start cut short by <c>kill -9</c> is completed on the
/// engine it had launched, and SIGTERM drains the work in flight while refusing new work.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-e2e-crash-").FullName;
    private OrreryProcess? _orrery;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_orrery is not null)
        {
            await _orrery.DisposeAsync();
        }
        EngineManifests.KillAll(_data);
    }

    [Fact]
    public async Task KillNine_DuringStart_RestartedNodeCompletesTheStartOnTheSameEngine()
    {
        _orrery = await OrreryProcess.StartAsync(_data);
        var node = new NodeClient(_orrery.Url);
        // An engine slow to answer /healthz makes sure the kill lands while the start is in flight.
        await node.RegisterEngineBinaryAsync("1.0.1", "--ENGINE_STARTUP_DELAY_MS=1500");
        var gameId = await node.RegisterScheduledGameAsync("1.0.1", "0 0 * * *", "Andorians", "Cygnans");
        var accepted = await PostAsync(node, gameId, "start");
        var pid = await WaitForEngineAsync(gameId);

        await _orrery.KillAsync();
        node.Dispose();
        await _orrery.DisposeAsync();
        _orrery = await OrreryProcess.StartAsync(_data);
        using var restarted = new NodeClient(_orrery.Url);
        var start = await restarted.WaitAsync(accepted.OperationId);

        start.Status.ShouldBe("succeeded", $"{start.ErrorCode}: {start.ErrorMessage}\n{_orrery.Output}");
        (await restarted.GetGameAsync(gameId)).Runtime!.Status.ShouldBe("running");
        EngineManifests.Read(_data).ShouldHaveSingleItem().ShouldBe((gameId, pid), "the engine launched before the kill is kept, not doubled");
        EngineProcesses.Of(_data).ShouldHaveSingleItem().Pid.ShouldBe(pid);
    }

    [Fact]
    public async Task Sigterm_DuringStart_RefusesNewWorkFinishesTheStartAndLeavesEnginesRunning()
    {
        _orrery = await OrreryProcess.StartAsync(_data);
        var node = new NodeClient(_orrery.Url);
        var running = await node.RegisterGameAsync("Andorians");
        (await node.RunAsync(running, "start")).Status.ShouldBe("succeeded");
        // An engine that takes 3 s to answer /healthz keeps its start in flight while the node is told to stop.
        await node.RegisterEngineBinaryAsync("1.0.1", "--ENGINE_STARTUP_DELAY_MS=3000");
        var slow = await node.RegisterScheduledGameAsync("1.0.1", "0 0 * * *", "Cygnans");
        var late = await node.RegisterGameAsync("Denebians");
        var inFlight = await PostAsync(node, slow, "start");
        await WaitForEngineAsync(slow);

        var ct = TestContext.Current.CancellationToken;
        _orrery.SignalStop();
        await WaitUntilNotReadyAsync(node, _orrery.Url); // the signal is handled asynchronously
        var refused = await node.Http.PostAsync($"games/{late}/start", null, ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString().ShouldBe("shutting_down");
        (await _orrery.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, _orrery.Output);
        node.Dispose();

        EngineProcesses.Of(_data).Select(e => e.GameId).ShouldBe([running, slow], ignoreOrder: true, "engines outlive the node");
        await _orrery.DisposeAsync();
        _orrery = await OrreryProcess.StartAsync(_data);
        using var restarted = new NodeClient(_orrery.Url);
        var drained = (await restarted.Http.GetFromJsonAsync<OperationResponse>($"operations/{inFlight.OperationId}", NodeClient.Json, ct))!;
        drained.Status.ShouldBe("succeeded", "the start in flight finished during the drain, before the node exited");
        (await restarted.GetGameAsync(slow)).Runtime!.Status.ShouldBe("running");
        (await restarted.GetGameAsync(late)).Runtime.ShouldBeNull("the refused start was never recorded");
    }

    private static async Task<OperationResponse> PostAsync(NodeClient node, Guid gameId, string op)
    {
        var response = await node.Http.PostAsync($"games/{gameId}/{op}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeClient.Json))!;
    }

    /// <summary>Polls <c>/readyz</c> until the draining node reports 503.</summary>
    private static async Task WaitUntilNotReadyAsync(NodeClient node, string url)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await node.Http.GetAsync(new Uri(url + "/readyz"), deadline.Token)).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    /// <summary>Waits until the process host has recorded an engine for the game and returns its pid.</summary>
    private async Task<int> WaitForEngineAsync(Guid gameId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (EngineManifests.Read(_data).FirstOrDefault(m => m.GameId == gameId) is { Pid: > 0 } manifest)
            {
                return manifest.Pid;
            }
            await Task.Delay(5, deadline.Token);
        }
    }
}
