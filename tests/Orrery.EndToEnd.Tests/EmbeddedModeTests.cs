using System.Net.Http.Json;

namespace Orrery.EndToEnd.Tests;

public sealed class EmbeddedModeTests() : EmbeddedNodeTest("embedded")
{
    [Fact]
    public async Task StartThenStop_RealEngine_RunsThenProcessReallyGone()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var node = new NodeClient(Node.Url);
        var gameId = await node.RegisterGameAsync("Andorians", "Cygnans", "Denebians");

        var start = await node.RunAsync(gameId, "start");

        start.Status.ShouldBe("succeeded", $"{start.ErrorCode}: {start.ErrorMessage}\n{Node.Output}");
        var game = await node.GetGameAsync(gameId);
        game.Runtime!.Status.ShouldBe("running");
        var pid = EngineManifests.PidOf(DataDirectory, gameId);
        OrreryProcess.IsAlive(pid).ShouldBeTrue();
        var state = await NodeClient.EngineStatusAsync(game.Runtime.EngineEndpoint!);
        state!.Value.GetProperty("gameId").GetGuid().ShouldBe(gameId);
        state.Value.GetProperty("players").GetArrayLength().ShouldBe(3);
        var stateFile = Path.Combine(DataDirectory, "games", gameId.ToString(), "state.json");
        File.Exists(stateFile).ShouldBeTrue("the engine saves its state under GAME_STATE_PATH");

        var stop = await node.RunAsync(gameId, "stop");

        stop.Status.ShouldBe("succeeded", stop.ErrorMessage);
        (await node.GetGameAsync(gameId)).Runtime!.Status.ShouldBe("stopped");
        OrreryProcess.IsAlive(pid).ShouldBeFalse();
        (await NodeClient.EngineStatusAsync(game.Runtime.EngineEndpoint!)).ShouldBeNull();
    }

    /// <summary>
    /// SPEC §12 with the real reference engine: a state directory that holds another game makes the engine answer its
    /// init 409, and the start fails as refused (<c>engine_rejected_init</c>), not as unreachable. The record of the game
    /// that did run names its network (SPEC §2): a process engine is on the host's.
    /// </summary>
    [Fact]
    public async Task Start_OnAStateDirectoryHoldingAnotherGame_FailsEngineRejectedInit()
    {
        await StartNodeAsync();
        var first = await Client.RegisterGameAsync("Andorians", "Cygnans");
        (await Client.RunAsync(first, "start")).Status.ShouldBe("succeeded");
        (await Client.GetGameAsync(first)).Runtime!.Network.ShouldBe("host");
        (await Client.RunAsync(first, "stop")).Status.ShouldBe("succeeded");
        var second = await Client.RegisterGameAsync("Andorians", "Cygnans");
        var secondState = Directory.CreateDirectory(Path.Combine(DataDirectory, "games", second.ToString()));
        File.Copy(Path.Combine(DataDirectory, "games", first.ToString(), "state.json"), Path.Combine(secondState.FullName, "state.json"));

        var start = await Client.RunAsync(second, "start");

        start.ErrorCode.ShouldBe("engine_rejected_init", $"{start.ErrorMessage}\n{Node.Output}");
        start.ErrorMessage!.ShouldContain("409");
        (await Client.GetGameAsync(second)).Runtime!.Status.ShouldBe("engine_unreachable");
    }

    [Fact]
    public async Task Restart_OrreryKilled_EnginesKeepRunningAndNewNodeStopsThem()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        var node = new NodeClient(Node.Url);
        var gameId = await node.RegisterGameAsync("Andorians", "Cygnans");
        (await node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded");
        var endpoint = (await node.GetGameAsync(gameId)).Runtime!.EngineEndpoint!;
        var pid = EngineManifests.PidOf(DataDirectory, gameId);

        await Node.KillAsync();
        node.Dispose();

        OrreryProcess.IsAlive(pid).ShouldBeTrue("engines outlive the control plane");
        (await NodeClient.EngineStatusAsync(endpoint)).ShouldNotBeNull();

        await Node.DisposeAsync();
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var restarted = new NodeClient(Node.Url);
        var game = await restarted.GetGameAsync(gameId);
        game.Runtime!.Status.ShouldBe("running");
        game.Runtime.EngineEndpoint.ShouldBe(endpoint);

        (await restarted.RunAsync(gameId, "stop")).Status.ShouldBe("succeeded");
        OrreryProcess.IsAlive(pid).ShouldBeFalse("the restarted node found and stopped the engine it did not start");
    }

    [Fact]
    public async Task Sigterm_Orrery_ExitsCleanlyAndEngineSurvives()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var node = new NodeClient(Node.Url);
        var gameId = await node.RegisterGameAsync("Andorians");
        (await node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded");
        var pid = EngineManifests.PidOf(DataDirectory, gameId);

        await Node.StopAsync();

        Node.HasExited.ShouldBeTrue();
        OrreryProcess.IsAlive(pid).ShouldBeTrue();
    }

    [Fact]
    public async Task Cli_CreateStartListStopOps_WorksAgainstRealNode()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        var gameId = Guid.NewGuid();

        var create = await Node.RunCliAsync("games", "create", "--id", gameId.ToString(), "--race", "Andorians", "--race", "Cygnans");
        var start = await Node.RunCliAsync("games", "start", gameId.ToString());
        var list = await Node.RunCliAsync("games", "list");
        var show = await Node.RunCliAsync("games", "show", gameId.ToString());
        var hosts = await Node.RunCliAsync("hosts");
        var cluster = await Node.RunCliAsync("cluster", "status");
        var clusterJson = await Node.RunCliAsync("cluster", "status", "--json");
        var stop = await Node.RunCliAsync("games", "stop", gameId.ToString());
        var ops = await Node.RunCliAsync("ops", "list", gameId.ToString());
        var versions = await Node.RunCliAsync("versions", "list");
        var badStop = await Node.RunCliAsync("games", "stop", gameId.ToString());

        create.ExitCode.ShouldBe(0, create.Output);
        start.ExitCode.ShouldBe(0, start.Output);
        start.Output.ShouldContain("start succeeded");
        list.Output.ShouldContain(gameId.ToString());
        list.Output.ShouldContain("running");
        show.Output.ShouldContain("Cygnans");
        hosts.ExitCode.ShouldBe(0, hosts.Output);
        hosts.Output.ShouldContain(Path.Combine(DataDirectory, "engines"));
        hosts.Output.ShouldContain("1 / 100");
        cluster.ExitCode.ShouldBe(0, cluster.Output);
        cluster.Output.ShouldContain("this node alone");
        cluster.Output.ShouldContain("(this one)");
        cluster.Output.ShouldContain("active");
        var member = System.Text.Json.JsonDocument.Parse(clusterJson.Output).RootElement.GetProperty("members").EnumerateArray().Single();
        (member.GetProperty("shardsOwned").GetInt32(), member.GetProperty("gamesActive").GetInt32()).ShouldBe((64, 1));
        stop.ExitCode.ShouldBe(0, stop.Output);
        ops.Output.ShouldContain("start");
        ops.Output.ShouldContain("stop");
        versions.Output.ShouldContain("builtin:reference-engine");
        badStop.ExitCode.ShouldBe(1);
        badStop.Output.ShouldContain("invalid_transition");
    }

    [Fact]
    public async Task OversizedChunkedBody_RealKestrel_PayloadTooLargeProblem()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var node = new NodeClient(Node.Url);
        // No Content-Length: only Kestrel's own limit can stop this body.
        var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"games/{Guid.NewGuid()}") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(413);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("payload_too_large");
    }

    [Fact]
    public async Task Demo_TwoGames_EnginesAnswer()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory, "--demo", "2");
        using var node = new NodeClient(Node.Url);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        IReadOnlyList<Orrery.Api.GameResponse> running = [];
        while (running.Count < 2)
        {
            await Task.Delay(200, deadline.Token);
            var page = await node.Http.GetFromJsonAsync<Orrery.Api.PageResponse<Orrery.Api.GameResponse>>("games?status=running", NodeClient.Json, deadline.Token);
            running = page!.Items;
        }

        foreach (var game in running)
        {
            (await NodeClient.EngineStatusAsync(game.Runtime!.EngineEndpoint!)).ShouldNotBeNull();
        }
    }
}
