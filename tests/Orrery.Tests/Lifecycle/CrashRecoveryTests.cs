using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

/// <summary>
/// Issue 6: what a node finds when it starts after a crash (operations left running, engines left behind) and
/// what it leaves when it stops. Engines outlive nodes, so both nodes of a test share one engine host.
/// </summary>
public sealed class CrashRecoveryTests
{
    private readonly ScriptedEngineHost _engines = new(TimeProvider.System);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orrery-crash-").FullName;

    [Fact]
    public async Task Restart_StartLeftRunningWithItsEngineInitialised_AdoptsThatEngine()
    {
        var ct = TestContext.Current.CancellationToken;
        // The crash came after the engine was initialised, before the operation was recorded as done.
        var (gameId, interrupted) = await CrashDuringAsync(OperationKind.Start, (node, game) => RunAsync(node, game, "start"));
        var engine = _engines.EngineOf(gameId);

        await using var second = await StartNodeAsync();
        var resumed = await NodeHarness.WaitForOperationAsync(second.CreateClient(), interrupted.Id);

        resumed.Status.ShouldBe("succeeded");
        resumed.EngineId.ShouldBe(engine.Id);
        _engines.Running.Where(e => e.Spec.GameId == gameId).ShouldHaveSingleItem().ShouldBe(engine);
        var runtime = await RuntimeAsync(second, gameId);
        runtime.Status.ShouldBe(RuntimeStatus.Running);
        runtime.EngineId.ShouldBe(engine.Id);
        // The adopted engine keeps its players: the mappings carry its ids, not new ones.
        var mappings = await second.Services.GetRequiredService<IPlayerMappingStore>().ListAsync(gameId, ct);
        mappings.Select(m => m.EnginePlayerId).ShouldBe(engine.Game.Races!.Select(r => r.PlayerId), ignoreOrder: true);
    }

    [Fact]
    public async Task Restart_StartLeftRunningWithItsEngine_OnAHostOverCapacity_StillAdoptsIt()
    {
        // Another game's engine, then this one's: the host is past the capacity the second node comes up with.
        var (gameId, interrupted) = await CrashDuringAsync(OperationKind.Start, async (node, game) =>
        {
            var client = node.CreateClient();
            await RunAsync(node, await NodeHarness.RegisterGameAsync(client), "start");
            await RunAsync(node, game, "start");
        });
        var engine = _engines.EngineOf(gameId);

        await using var second = await StartNodeAsync("--Orrery:EngineCapacity=1");
        var resumed = await NodeHarness.WaitForOperationAsync(second.CreateClient(), interrupted.Id);

        resumed.Status.ShouldBe("succeeded", resumed.ErrorMessage);
        resumed.EngineId.ShouldBe(engine.Id);
    }

    [Fact]
    public async Task Restart_StartLeftRunningWithEnginesUpButNotInitialised_InitialisesOneAndRemovesTheOther()
    {
        EngineInstance? older = null, newer = null;
        // Two launches of one start, each cut short by a crash before the engine's init.
        var (gameId, interrupted) = await CrashDuringAsync(OperationKind.Start, async (_, game) =>
        {
            older = await LaunchLeftoverAsync(game);
            newer = await LaunchLeftoverAsync(game);
        });

        await using var second = await StartNodeAsync();
        var resumed = await NodeHarness.WaitForOperationAsync(second.CreateClient(), interrupted.Id);

        resumed.Status.ShouldBe("succeeded");
        var kept = _engines.Engines.Where(e => e.Spec.GameId == gameId).ShouldHaveSingleItem();
        kept.Id.ShouldBe(newer!.Id);
        kept.Running.ShouldBeTrue();
        kept.Init.ShouldNotBeNull();
        _engines.Engines.ShouldNotContain(e => e.Id == older!.Id);
        (await RuntimeAsync(second, gameId)).Status.ShouldBe(RuntimeStatus.Running);
    }

    [Fact]
    public async Task Restart_StartLeftStartingWithoutEngine_LaunchesOne()
    {
        // The record says starting on an engine that no longer exists.
        var (gameId, interrupted) = await CrashDuringAsync(OperationKind.Start, (node, game) =>
            node.Services.GetRequiredService<RuntimeRecords>().UpsertAsync(
                game, _ => RuntimeRecord.NewStarting(game, "0 0 * * *", DateTimeOffset.UtcNow) with { EngineId = "vanished" },
                TestContext.Current.CancellationToken));

        await using var second = await StartNodeAsync();
        var resumed = await NodeHarness.WaitForOperationAsync(second.CreateClient(), interrupted.Id);

        resumed.Status.ShouldBe("succeeded");
        var engine = _engines.Running.ShouldHaveSingleItem();
        engine.Spec.GameId.ShouldBe(gameId);
        (await RuntimeAsync(second, gameId)).EngineId.ShouldBe(engine.Id);
    }

    [Fact]
    public async Task Restart_StopLeftRunningAfterTheGameStopped_CompletesIt()
    {
        // The crash came after the game was stopped, before the operation was recorded as done.
        var (gameId, interrupted) = await CrashDuringAsync(OperationKind.Stop, async (node, game) =>
        {
            await RunAsync(node, game, "start");
            await RunAsync(node, game, "stop");
        });

        await using var second = await StartNodeAsync();
        var resumed = await NodeHarness.WaitForOperationAsync(second.CreateClient(), interrupted.Id);

        resumed.Status.ShouldBe("succeeded");
        _engines.Running.ShouldBeEmpty();
        (await RuntimeAsync(second, gameId)).Status.ShouldBe(RuntimeStatus.Stopped);
    }

    [Fact]
    public async Task Stop_StartInFlight_RefusesNewWorkFinishesItAndLeavesQueuedWorkForTheNextStart()
    {
        var ct = TestContext.Current.CancellationToken;
        OperationResponse inFlight, queued;
        Guid late;
        await using (var first = await StartNodeAsync("--Orrery:Lifecycle:Workers=1", "--Orrery:Lifecycle:HealthzDeadline=00:00:01"))
        {
            _engines.NeverHealthy = true; // the start holds the only worker until its healthz deadline
            var client = first.CreateClient();
            (inFlight, queued) = (await StartGameAsync(client), await StartGameAsync(client));
            late = await NodeHarness.RegisterGameAsync(client);
            await WaitUntilRunningAsync(first, inFlight.OperationId);

            var stopping = first.StopAsync();
            var refused = await client.PostAsync($"games/{late}/start", null, ct);

            await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, ErrorCodes.ShuttingDown);
            await stopping;
            var operations = first.Services.GetRequiredService<IOperationStore>();
            var finished = (await operations.GetAsync(inFlight.OperationId, ct))!;
            finished.Status.ShouldBe(OperationStatus.Failed);
            finished.ErrorCode.ShouldBe(ErrorCodes.EngineUnreachable);
            (await operations.GetAsync(queued.OperationId, ct))!.Status.ShouldBe(OperationStatus.Queued);
        }

        _engines.NeverHealthy = false;
        await using var second = await StartNodeAsync();
        (await NodeHarness.WaitForOperationAsync(second.CreateClient(), queued.OperationId)).Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task Stop_DrainDeadlinePasses_StartLeftRunningAndResumedByTheNextStart()
    {
        var ct = TestContext.Current.CancellationToken;
        OperationResponse inFlight;
        await using (var first = await StartNodeAsync("--Orrery:Lifecycle:ShutdownDrain=00:00:00.300", "--Orrery:Lifecycle:HealthzDeadline=00:01:00"))
        {
            _engines.NeverHealthy = true;
            inFlight = await StartGameAsync(first.CreateClient());
            await WaitUntilRunningAsync(first, inFlight.OperationId);

            await first.StopAsync();

            (await first.Services.GetRequiredService<IOperationStore>().GetAsync(inFlight.OperationId, ct))!.Status.ShouldBe(OperationStatus.Running);
        }

        _engines.NeverHealthy = false;
        await using var second = await StartNodeAsync();
        (await NodeHarness.WaitForOperationAsync(second.CreateClient(), inFlight.OperationId)).Status.ShouldBe("succeeded");
        _engines.Running.ShouldHaveSingleItem().Spec.GameId.ShouldBe(inFlight.GameId);
    }

    private Task<NodeHarness> StartNodeAsync(params string[] settings) =>
        NodeHarness.StartAsync(settings, _dataDirectory, _engines);

    /// <summary>
    /// A first node registers a game and brings it where <paramref name="before"/> says; then it is left with what a
    /// crash during a <paramref name="kind"/> would leave: the operation still <c>running</c>.
    /// </summary>
    private async Task<(Guid GameId, Operation Interrupted)> CrashDuringAsync(OperationKind kind, Func<NodeHarness, Guid, Task> before)
    {
        await using var node = await StartNodeAsync();
        var gameId = await NodeHarness.RegisterGameAsync(node.CreateClient());
        await before(node, gameId);
        // Written while the node still owns the game (after it stops, its fences are gone): nothing queues an
        // operation inserted straight into the store, and the next owner recovers it.
        var operation = NodeHarness.UnfinishedOperation(gameId, kind, OperationStatus.Running);
        await node.Services.GetRequiredService<IOperationStore>().InsertAsync(operation, TestContext.Current.CancellationToken);
        await node.StopAsync();
        return (gameId, operation);
    }

    private static async Task RunAsync(NodeHarness node, Guid gameId, string op) =>
        (await NodeHarness.RunOperationAsync(node.CreateClient(), gameId, op)).Status.ShouldBe("succeeded");

    private Task<EngineInstance> LaunchLeftoverAsync(Guid gameId) =>
        _engines.RunAsync(new EngineRunSpec(gameId, "1.0.0", "reference-engine", Path.Combine(_dataDirectory, "leftover", gameId.ToString())),
            TestContext.Current.CancellationToken);

    private static async Task<OperationResponse> StartGameAsync(HttpClient client)
    {
        var gameId = await NodeHarness.RegisterGameAsync(client);
        var response = await client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Waits until a worker has taken the operation (a readiness wait, not a timing assertion).</summary>
    private static async Task WaitUntilRunningAsync(NodeHarness node, Guid operationId)
    {
        var operations = node.Services.GetRequiredService<IOperationStore>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while ((await operations.GetAsync(operationId, deadline.Token))!.Status != OperationStatus.Running)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static async Task<RuntimeRecord> RuntimeAsync(NodeHarness node, Guid gameId) =>
        (await node.Services.GetRequiredService<RuntimeRecords>().GetFreshAsync(gameId, TestContext.Current.CancellationToken))!;
}
