using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class ClusterApiTests : NodeTest
{
    private const string ViewerKey = "viewer-key-0123456789";
    private const string AdminKey = "admin-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected override IEnumerable<string> Settings =>
    [
        "--Orrery:Auth:ApiKeys:0:Name=wallboard", $"--Orrery:Auth:ApiKeys:0:Key={ViewerKey}", "--Orrery:Auth:ApiKeys:0:Role=viewer",
        "--Orrery:Auth:ApiKeys:1:Name=ops", $"--Orrery:Auth:ApiKeys:1:Key={AdminKey}", "--Orrery:Auth:ApiKeys:1:Role=admin",
    ];

    [Fact]
    public async Task Cluster_NodeAlone_OneActiveMemberThatIsSelfAndOwnsEveryShard()
    {
        var cluster = await GetClusterAsync(Node.CreateClient(ViewerKey));

        cluster.ClusterId.ShouldBe("orrery");
        cluster.Enabled.ShouldBeFalse();
        cluster.Shards.ShouldBe(64);
        var member = cluster.Members.ShouldHaveSingleItem();
        member.Status.ShouldBe("active");
        member.IsSelf.ShouldBeTrue();
        member.Silo.ShouldBe(cluster.Self);
        member.Silo.ShouldStartWith(member.Address + "@");
        member.Address.ShouldStartWith("127.0.0.1:");
        member.StartedAt.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow);
        member.ShardsOwned.ShouldBe(64);
        cluster.UnownedShards.ShouldBe(0);
        cluster.Warning.ShouldBeNull();
    }

    [Fact]
    public async Task Cluster_TwoGamesStartedOneStopped_BothOwnedOneActive()
    {
        var admin = Node.CreateClient(AdminKey);
        var running = await NodeHarness.RegisterGameAsync(admin);
        var stopped = await NodeHarness.RegisterGameAsync(admin);
        (await NodeHarness.RunOperationAsync(admin, running, "start")).Status.ShouldBe("succeeded");
        (await NodeHarness.RunOperationAsync(admin, stopped, "start")).Status.ShouldBe("succeeded");
        (await NodeHarness.RunOperationAsync(admin, stopped, "stop")).Status.ShouldBe("succeeded");

        var member = (await GetClusterAsync(Node.CreateClient(ViewerKey))).Members.ShouldHaveSingleItem();

        member.GamesOwned.ShouldBe(2);
        member.GamesActive.ShouldBe(1);
    }

    [Fact]
    public async Task Cluster_NoKey_Unauthorized() =>
        await (await Node.CreateClient().GetAsync("cluster", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task OpenApi_Document_ListsCluster() =>
        (await Node.CreateClient().GetStringAsync("/openapi/v1.json", Ct)).ShouldContain("/api/v1/cluster");

    private static async Task<ClusterResponse> GetClusterAsync(HttpClient client)
    {
        var response = await client.GetAsync("cluster", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ClusterResponse>(NodeHarness.Json, Ct))!;
    }
}
