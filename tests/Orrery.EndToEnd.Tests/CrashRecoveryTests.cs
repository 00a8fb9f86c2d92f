using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// Issue 6 on the real binary and real engine processes: a start cut short by <c>kill -9</c> is completed on the
/// engine it had launched, and SIGTERM drains the work in flight while refusing new work.
/// </summary>
public sealed class CrashRecoveryTests() : EmbeddedNodeTest("crash")
{
    [Fact]
    public async Task KillNine_DuringStart_RestartedNodeCompletesTheStartOnTheSameEngine()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        var node = new NodeClient(Node.Url);
        // An engine slow to answer /healthz makes sure the kill lands while the start is in flight.
        await node.RegisterEngineBinaryAsync("1.0.1", "--ENGINE_STARTUP_DELAY_MS=1500");
        var gameId = await node.RegisterScheduledGameAsync("1.0.1", "0 0 * * *", "Andorians", "Cygnans");
        var accepted = await PostAsync(node, gameId, "start");
        var pid = await WaitForEngineAsync(gameId);

        await Node.KillAsync();
        node.Dispose();
        await Node.DisposeAsync();
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var restarted = new NodeClient(Node.Url);
        var start = await restarted.WaitAsync(accepted.OperationId);

        start.Status.ShouldBe("succeeded", $"{start.ErrorCode}: {start.ErrorMessage}\n{Node.Output}");
        (await restarted.GetGameAsync(gameId)).Runtime!.Status.ShouldBe("running");
        EngineManifests.Read(DataDirectory).ShouldHaveSingleItem().ShouldBe((gameId, pid), "the engine launched before the kill is kept, not doubled");
        EngineProcesses.Of(DataDirectory).ShouldHaveSingleItem().Pid.ShouldBe(pid);
    }

    [Fact]
    public async Task Sigterm_DuringStart_RefusesNewWorkFinishesTheStartAndLeavesEnginesRunning()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        var node = new NodeClient(Node.Url);
        var running = await node.RegisterGameAsync("Andorians");
        (await node.RunAsync(running, "start")).Status.ShouldBe("succeeded");
        // An engine that takes 3 s to answer /healthz keeps its start in flight while the node is told to stop.
        await node.RegisterEngineBinaryAsync("1.0.1", "--ENGINE_STARTUP_DELAY_MS=3000");
        var slow = await node.RegisterScheduledGameAsync("1.0.1", "0 0 * * *", "Cygnans");
        var late = await node.RegisterGameAsync("Denebians");
        var inFlight = await PostAsync(node, slow, "start");
        await WaitForEngineAsync(slow);

        var ct = TestContext.Current.CancellationToken;
        Node.SignalStop();
        await WaitUntilNotReadyAsync(node, Node.Url); // the signal is handled asynchronously
        var refused = await node.Http.PostAsync($"games/{late}/start", null, ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString().ShouldBe("shutting_down");
        (await Node.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, Node.Output);
        node.Dispose();

        EngineProcesses.Of(DataDirectory).Select(e => e.GameId).ShouldBe([running, slow], ignoreOrder: true, "engines outlive the node");
        await Node.DisposeAsync();
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var restarted = new NodeClient(Node.Url);
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
            if (EngineManifests.Read(DataDirectory).FirstOrDefault(m => m.GameId == gameId) is { Pid: > 0 } manifest)
            {
                return manifest.Pid;
            }
            await Task.Delay(5, deadline.Token);
        }
    }
}
