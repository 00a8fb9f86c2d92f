using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Storage;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

public sealed class QueueAndRecoveryTests
{
    [Fact]
    public async Task Start_QueueFull_TooManyRequestsWithRetryAfterAndOperationFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await NodeHarness.StartAsync(["--Orrery:Lifecycle:Workers=1", "--Orrery:Lifecycle:QueueCapacity=2"]);
        node.Engines.NeverHealthy = true; // each start holds the only worker for the healthz deadline
        var client = node.CreateClient();
        var games = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            games.Add(await NodeHarness.RegisterGameAsync(client));
        }

        (await client.PostAsync($"games/{games[0]}/start", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostAsync($"games/{games[1]}/start", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var rejected = await client.PostAsync($"games/{games[2]}/start", null, ct);

        var problem = await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ErrorCodes.QueueFull);
        rejected.Headers.RetryAfter.ShouldNotBeNull();
        var operationId = problem.GetProperty("operationId").GetGuid();
        var recorded = await client.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", NodeHarness.Json, ct);
        recorded!.Status.ShouldBe("failed");
        recorded.ErrorCode.ShouldBe(ErrorCodes.QueueFull);
    }

    [Fact]
    public async Task Start_NodeShuttingDown_ServiceUnavailable()
    {
        await using var node = await NodeHarness.StartAsync();
        var client = node.CreateClient();
        var gameId = await NodeHarness.RegisterGameAsync(client);

        node.Services.GetRequiredService<LifecycleService>().StopAccepting();
        var response = await client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, ErrorCodes.ShuttingDown);
    }

    [Fact]
    public async Task Restart_OperationsLeftUnfinished_QueuedRunAndRunningRestartInterrupted()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Directory.CreateTempSubdirectory("orrery-recovery-").FullName;
        Guid gameId;
        Operation queued, running;
        await using (var first = await NodeHarness.StartAsync(dataDirectory: dataDirectory))
        {
            gameId = await NodeHarness.RegisterGameAsync(first.CreateClient());
            // Write what a crash would leave behind, while the node still owns the game (nothing queues rows written
            // straight into the store), then stop it.
            var operations = first.Services.GetRequiredService<IOperationStore>();
            running = NodeHarness.UnfinishedOperation(gameId, OperationKind.Restart, OperationStatus.Running);
            queued = NodeHarness.UnfinishedOperation(gameId, OperationKind.Start, OperationStatus.Queued);
            await operations.InsertAsync(running, ct);
            await operations.InsertAsync(queued, ct);
            await first.StopAsync();
        }

        using var recovered = RecoveredCounter.Listen();
        await using var second = await NodeHarness.StartAsync(dataDirectory: dataDirectory);
        var client = second.CreateClient();

        recovered.Outcomes.ShouldContain(("restart", "interrupted"));
        recovered.Outcomes.ShouldContain(("start", "requeued"));
        (await NodeHarness.WaitForOperationAsync(client, queued.Id)).Status.ShouldBe("succeeded");
        var interrupted = await client.GetFromJsonAsync<OperationResponse>($"operations/{running.Id}", NodeHarness.Json, ct);
        interrupted!.Status.ShouldBe("failed");
        interrupted.ErrorCode.ShouldBe(ErrorCodes.Interrupted);
        (await client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, ct))!.Runtime!.Status.ShouldBe("running");
    }

    /// <summary>
    /// Collects <c>orrery.operations.recovered</c> of every host: recovery runs while the node starts, before its meter
    /// factory can be told apart, and tests run in parallel, so a test only looks for the outcomes it caused.
    /// </summary>
    private sealed class RecoveredCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentBag<(string Op, string Outcome)> _outcomes = [];

        public IReadOnlyCollection<(string Op, string Outcome)> Outcomes => _outcomes;

        public static RecoveredCounter Listen()
        {
            var counter = new RecoveredCounter();
            counter._listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Name: "orrery.operations.recovered", Meter.Name: OrreryTelemetry.Name })
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            counter._listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var byName = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
                counter._outcomes.Add((byName["op"]!, byName["outcome"]!));
            });
            counter._listener.Start();
            return counter;
        }

        public void Dispose() => _listener.Dispose();
    }
}
