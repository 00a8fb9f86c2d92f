using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Health;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

/// <summary><c>GET /metrics</c> (SPEC §11): Prometheus text of the node's own meters, open on loopback, viewer otherwise.</summary>
public sealed class MetricsApiTests : NodeTest
{
    private const string AdminKey = "admin-key-0123456789";
    private const string ViewerKey = "viewer-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected override IEnumerable<string> Settings =>
    [
        "--Orrery:Auth:ApiKeys:0:Name=ops", $"--Orrery:Auth:ApiKeys:0:Key={AdminKey}", "--Orrery:Auth:ApiKeys:0:Role=admin",
        "--Orrery:Auth:ApiKeys:1:Name=grafana", $"--Orrery:Auth:ApiKeys:1:Key={ViewerKey}", "--Orrery:Auth:ApiKeys:1:Role=viewer",
    ];

    [Fact]
    public async Task Scrape_FromLoopbackWithoutKey_HasOperationTurnHealthReconcileAndQueueMetrics()
    {
        var admin = Node.CreateClient(AdminKey);
        var gameId = await NodeHarness.RegisterGameAsync(admin);
        (await NodeHarness.RunOperationAsync(admin, gameId, "start")).Status.ShouldBe("succeeded");
        (await admin.PostAsync($"games/{gameId}/force-next-turn", null, Ct)).EnsureSuccessStatusCode();
        await WaitForTurnAsync(admin, gameId);
        var engine = Node.Engines.EngineOf(gameId);
        (await Node.Services.GetRequiredService<HealthEventPublisher>()
            .PublishAsync(gameId, engine.Id, HealthEventType.ProbeFailed, null, Ct)).ShouldBeTrue();
        (await admin.PostAsync("reconcile", null, Ct)).EnsureSuccessStatusCode();

        // The consumer applies the health event in the background: scrape until it has.
        var (status, text) = await ScrapeAsync(Node, IPAddress.Loopback);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!text.Contains("orrery_health_events_consumed_total{", StringComparison.Ordinal))
            {
                await Task.Delay(20, deadline.Token);
                (status, text) = await ScrapeAsync(Node, IPAddress.Loopback);
            }
        }

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("orrery_operations_completed_total{otel_scope_name=\"Orrery\",op=\"start\",outcome=\"succeeded\"} 1");
        text.ShouldContain("orrery_operation_duration_seconds_count{otel_scope_name=\"Orrery\",op=\"start\"} 1");
        text.ShouldContain("orrery_turns_total{otel_scope_name=\"Orrery\",outcome=\"played\"} 1");
        text.ShouldContain("orrery_health_events_produced_total{otel_scope_name=\"Orrery\",event_type=\"probe_failed\"} 1");
        text.ShouldContain("orrery_reconcile_pass_duration_seconds_count{otel_scope_name=\"Orrery\"}");
        text.ShouldContain("orrery_reconcile_outcomes_total{otel_scope_name=\"Orrery\",outcome=\"refreshed\"}");
        text.ShouldContain("orrery_operation_queue_depth{otel_scope_name=\"Orrery\"} 0");
    }

    [Fact]
    public async Task Scrape_AnotherHostInTheSameProcess_DoesNotSeeThisHostsCounts()
    {
        // Both hosts up first: an exporter listening to every "Orrery" meter would count this host's start too.
        await using var other = await NodeHarness.StartAsync();
        var admin = Node.CreateClient(AdminKey);
        var gameId = await NodeHarness.RegisterGameAsync(admin);
        (await NodeHarness.RunOperationAsync(admin, gameId, "start")).Status.ShouldBe("succeeded");

        var (status, text) = await ScrapeAsync(other, IPAddress.Loopback);

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("orrery_operation_queue_depth");
        text.ShouldNotContain("orrery_operations_completed_total");
        (await ScrapeAsync(Node, IPAddress.Loopback)).Text.ShouldContain("orrery_operations_completed_total");
    }

    [Fact]
    public async Task Scrape_OffLoopbackWithoutKey_Unauthorized()
    {
        var (status, text) = await ScrapeAsync(Node, IPAddress.Parse("192.0.2.7"));

        status.ShouldBe(HttpStatusCode.Unauthorized);
        text.ShouldContain(ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Scrape_OffLoopbackWithViewerKey_Ok()
    {
        var (status, text) = await ScrapeAsync(Node, IPAddress.Parse("192.0.2.7"), ViewerKey);

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("orrery_operation_queue_depth");
    }

    private static async Task<(HttpStatusCode Status, string Text)> ScrapeAsync(NodeHarness node, IPAddress caller, string? apiKey = null)
    {
        var server = (TestServer)node.Services.GetRequiredService<IServer>();
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = caller;
            if (apiKey is not null)
            {
                c.Request.Headers.Authorization = $"Bearer {apiKey}";
            }
        }, Ct);
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync(Ct));
    }

    private static async Task WaitForTurnAsync(HttpClient client, Guid gameId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, deadline.Token))!.Runtime!.CurrentTurn == 0)
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
