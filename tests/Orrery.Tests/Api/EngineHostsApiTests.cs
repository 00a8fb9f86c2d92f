using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class EngineHostsApiTests : NodeTest
{
    private const string ViewerKey = "viewer-key-0123456789";
    private const long MiB = 1L << 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected override IEnumerable<string> Settings =>
    [
        "--Orrery:EngineCapacity=4",
        "--Orrery:Auth:ApiKeys:0:Name=wallboard", $"--Orrery:Auth:ApiKeys:0:Key={ViewerKey}", "--Orrery:Auth:ApiKeys:0:Role=viewer",
        "--Orrery:Auth:ApiKeys:1:Name=ops", "--Orrery:Auth:ApiKeys:1:Key=admin-key-0123456789", "--Orrery:Auth:ApiKeys:1:Role=admin",
    ];

    [Fact]
    public async Task EngineHosts_TwoGamesRunning_CountedAgainstCapacityAndMemory()
    {
        Node.Engines.Resources = new EngineHostResources(8192 * MiB);
        Node.Engines.EngineMemoryLimitBytes = 512 * MiB;
        var admin = Node.CreateClient("admin-key-0123456789");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            (await NodeHarness.RunOperationAsync(admin, await NodeHarness.RegisterGameAsync(admin), "start")).Status.ShouldBe("succeeded");
        }

        var host = (await GetHostsAsync(Node.CreateClient(ViewerKey))).ShouldHaveSingleItem();

        host.ShouldBe(new EngineHostResponse("process", "process", "scripted engines", true, null, 2, 4, 0.5, host.Memory));
        host.Memory.ShouldBe(new EngineHostMemoryResponse(1024 * MiB, 8192 * MiB, 0.125));
    }

    [Fact]
    public async Task EngineHosts_HostUnreachable_ListedWithTheErrorNot500()
    {
        Node.Engines.Unreachable = new IOException("Cannot reach the Docker daemon at unix:///var/run/docker.sock");

        var host = (await GetHostsAsync(Node.CreateClient(ViewerKey))).ShouldHaveSingleItem();

        host.Reachable.ShouldBeFalse();
        host.Error.ShouldBe("Cannot reach the Docker daemon at unix:///var/run/docker.sock");
        host.Capacity.ShouldBe(4);
        host.Running.ShouldBeNull();
        host.Use.ShouldBeNull();
        host.Memory.ShouldBeNull();
    }

    [Fact]
    public async Task EngineHosts_NoKey_Unauthorized() =>
        await (await Node.CreateClient().GetAsync("engine-hosts", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task OpenApi_Document_ListsEngineHosts() =>
        (await Node.CreateClient().GetStringAsync("/openapi/v1.json", Ct)).ShouldContain("/api/v1/engine-hosts");

    private static async Task<IReadOnlyList<EngineHostResponse>> GetHostsAsync(HttpClient client)
    {
        var response = await client.GetAsync("engine-hosts", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<EngineHostResponse>>(NodeHarness.Json, Ct))!;
    }
}
