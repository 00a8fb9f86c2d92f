using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class ReconcileApiTests : NodeTest
{
    private const string AdminKey = "admin-key-0123456789";
    private const string LobbyKey = "lobby-key-0123456789";

    private protected override IEnumerable<string> Settings =>
    [
        "--Orrery:Auth:ApiKeys:0:Name=ops", $"--Orrery:Auth:ApiKeys:0:Key={AdminKey}", "--Orrery:Auth:ApiKeys:0:Role=admin",
        "--Orrery:Auth:ApiKeys:1:Name=lobby", $"--Orrery:Auth:ApiKeys:1:Key={LobbyKey}", "--Orrery:Auth:ApiKeys:1:Role=lobby",
    ];

    [Fact]
    public async Task Reconcile_AdminKey_ReportsMissingThenRemoved()
    {
        var admin = Node.CreateClient(AdminKey);
        var gameId = await NodeHarness.RegisterGameAsync(admin);
        (await NodeHarness.RunOperationAsync(admin, gameId, "start")).Status.ShouldBe("succeeded");
        Node.Engines.EngineOf(gameId).Running = false;

        var first = await ReconcileAsync(admin);
        var second = await ReconcileAsync(admin);

        first.Missing.ShouldBe([gameId]);
        first.Records.ShouldBe(1);
        first.Engines.ShouldBe(1);
        second.Removed.ShouldBe([gameId]);
        var game = await admin.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);
        game!.Runtime!.Status.ShouldBe("removed");
        (await NewestOperationAsync(admin, gameId)).ShouldSatisfyAllConditions(
            o => o.Op.ShouldBe("reconcile"), o => o.Source.ShouldBe("system"), o => o.Status.ShouldBe("succeeded"));
    }

    [Fact]
    public async Task Reconcile_StoppedGameWithARunningEngine_TakesItDownOnTheSecondPassAndLogsIt()
    {
        var admin = Node.CreateClient(AdminKey);
        var gameId = await NodeHarness.RegisterGameAsync(admin);
        (await NodeHarness.RunOperationAsync(admin, gameId, "start")).Status.ShouldBe("succeeded");
        (await NodeHarness.RunOperationAsync(admin, gameId, "stop")).Status.ShouldBe("succeeded");
        // An engine of the game comes up behind the operator's back (a crashed start's leftover, a hand-run container).
        var stray = await Node.Engines.RunAsync(
            new Orrery.Engines.EngineRunSpec(gameId, "1.0.0", "builtin:reference-engine", $"/tmp/stray/{gameId}"), TestContext.Current.CancellationToken);

        var first = await ReconcileAsync(admin);
        var second = await ReconcileAsync(admin);

        first.ShouldSatisfyAllConditions(r => r.Strays.ShouldBe([gameId]), r => r.Adopted.ShouldBeEmpty());
        second.ShouldSatisfyAllConditions(r => r.StraysRemoved.ShouldBe([gameId]), r => r.Adopted.ShouldBeEmpty());
        Node.Engines.Engines.ShouldNotContain(e => e.Id == stray.Id);
        var game = await admin.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);
        game!.Runtime!.Status.ShouldBe("stopped");
        (await NewestOperationAsync(admin, gameId)).ShouldSatisfyAllConditions(
            o => o.Op.ShouldBe("reconcile"), o => o.Source.ShouldBe("system"), o => o.Status.ShouldBe("succeeded"), o => o.EngineId.ShouldBe(stray.Id));
    }

    [Fact]
    public async Task Reconcile_LobbyKey_Forbidden() =>
        await (await Node.CreateClient(LobbyKey).PostAsync("reconcile", null, TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

    private static async Task<OperationResponse> NewestOperationAsync(HttpClient client, Guid gameId) =>
        (await client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, TestContext.Current.CancellationToken))!
            .Items[0];

    private static async Task<ReconcileReportResponse> ReconcileAsync(HttpClient client)
    {
        var response = await client.PostAsync("reconcile", null, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<ReconcileReportResponse>(NodeHarness.Json, TestContext.Current.CancellationToken))!;
    }
}
