using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

/// <summary>SPEC §10: the engine host has a capacity, enforced where engines are started.</summary>
public sealed class EngineCapacityTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected override IEnumerable<string> Settings => ["--Orrery:EngineCapacity=2"];

    [Fact]
    public async Task Start_HostFull_FailsWithEngineHostFull_NothingChanged_LobbyTold()
    {
        await StartRunningGameAsync();
        await StartRunningGameAsync();
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var refused = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        refused.Status.ShouldBe("failed");
        refused.ErrorCode.ShouldBe(ErrorCodes.EngineHostFull);
        refused.ErrorMessage!.ShouldContain("2 of 2 engines");
        Node.Engines.Running.Count().ShouldBe(2);
        var game = await Client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, Ct);
        game!.Runtime.ShouldBeNull();
        var userId = game.Memberships[0].UserId;
        (await Client.GetAsync($"games/{gameId}/players/{userId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var events = await Client.GetFromJsonAsync<StreamReadResponse>("streams/gm:lobby_events/entries?count=1000", NodeHarness.Json, Ct);
        var jobResult = events!.Entries.Select(e => e.Fields).Where(f => f["event_type"] == "runtime_job_result").ShouldHaveSingleItem();
        jobResult["game_id"].ShouldBe(gameId.ToString());
        jobResult["op"].ShouldBe("start");
        jobResult["status"].ShouldBe("failed");
        jobResult["error_code"].ShouldBe(ErrorCodes.EngineHostFull);
    }

    [Fact]
    public async Task Start_AfterAGameStopped_FindsItsRoom()
    {
        var first = await StartRunningGameAsync();
        await StartRunningGameAsync();
        (await NodeHarness.RunOperationAsync(Client, first, "stop")).Status.ShouldBe("succeeded");

        await StartRunningGameAsync();
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("patch")]
    public async Task RestartOrPatch_HostFull_NotRefused(string op)
    {
        await StartRunningGameAsync();
        var gameId = await StartRunningGameAsync();
        (await Client.PutAsJsonAsync("engine-versions/1.0.1", new { imageRef = "builtin:reference-engine" }, Ct)).EnsureSuccessStatusCode();

        var response = op == "patch"
            ? await Client.PostAsJsonAsync($"games/{gameId}/patch", new { version = "1.0.1" }, Ct)
            : await Client.PostAsync($"games/{gameId}/restart", null, Ct);
        var accepted = await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, Ct);
        var operation = await NodeHarness.WaitForOperationAsync(Client, accepted!.OperationId);

        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
        Node.Engines.Running.Count().ShouldBe(2);
    }

    private async Task<Guid> StartRunningGameAsync()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        var started = await NodeHarness.RunOperationAsync(Client, gameId, "start");
        started.Status.ShouldBe("succeeded", started.ErrorMessage);
        return gameId;
    }
}
