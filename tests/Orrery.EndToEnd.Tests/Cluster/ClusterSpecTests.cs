using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orrery.Api;
using Orrery.Cluster;
using Orrery.Specs.Instances;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 15 in a cluster: a spec registered on one replica is known on every one, each instance lives on the replica
/// that runs its shard and answers from either, and every game's <c>game-runtime</c> instance is recorded whole,
/// whichever replica owns the game and whichever runs the instance's shard.
/// </summary>
public sealed class ClusterSpecTests : SpreadReplicaSetTest
{
    /// <summary>As many spec shards as game shards: spec shard i runs with game shard i, so the instances spread over both replicas.</summary>
    private const int SpecShards = GameShards.DefaultCount;

    private const string Door = """
        Specification: door
        Learning mode: false
        Transitions:
        nil --[__initialisation__]-> closed
        closed --[open]-> opened
        opened --[close]-> closed
        """;

    private static readonly GameShards Shards = new(GameShards.DefaultCount);

    public ClusterSpecTests()
        : base(new ReplicaSet(2, new Dictionary<string, string> { ["Orrery__Specs__DistributionFactor"] = $"{SpecShards}" }))
    {
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instances_answer_from_either_replica_and_every_games_lifecycle_is_recorded()
    {
        using var a = new NodeClient(Replicas[0].Url);
        using var b = new NodeClient(Replicas[1].Url);
        using (var put = await a.Http.PutAsync("specs/door", new StringContent(Door, Encoding.UTF8, "text/plain"), Ct))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Ct));
        }
        var ids = Enumerable.Range(0, 16).Select(i => $"door-{i:00}").ToList();
        var owners = await Replicas.ShardOwnersAsync();
        ids.Select(id => owners[SpecShardRouter.ShardOf(id, SpecShards)]).Distinct().Count().ShouldBe(2, "the instances' shards run on both replicas");

        foreach (var id in ids)
        {
            using var created = await a.Http.PostAsJsonAsync("specs/door/instances", new { id }, Ct);
            created.IsSuccessStatusCode.ShouldBeTrue(await created.Content.ReadAsStringAsync(Ct));
            using var moved = await b.Http.PostAsJsonAsync($"specs/door/instances/{id}/transitions", new { action = "open", to = "opened" }, Ct);
            moved.IsSuccessStatusCode.ShouldBeTrue(await moved.Content.ReadAsStringAsync(Ct));
        }

        foreach (var client in new[] { a, b })
        {
            var listed = await client.Http.GetFromJsonAsync<List<SpecInstanceResponse>>("specs/door/instances", NodeClient.Json, Ct);
            listed!.Select(i => (i.Id, i.State)).ShouldBe(ids.Select(id => (id, "opened")));
        }

        var games = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var gameId = await a.RegisterGameAsync("Andorians", "Cygnans");
            (await a.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Replicas.Logs);
            games.Add(gameId);
        }
        (await Replicas.OwnersAsync(games, Shards.ShardOf)).Values.Distinct().Count().ShouldBe(2, "the games are owned by both replicas");
        // Posted, not awaited, by each game's owner: give the steps a moment to land on their shards.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<SpecInstanceResponse> runtimes;
        do
        {
            await Task.Delay(250, Ct);
            runtimes = (await b.Http.GetFromJsonAsync<List<SpecInstanceResponse>>("specs/game-runtime/instances", NodeClient.Json, Ct))!;
        }
        while (runtimes.Count(r => r.State == "running") < games.Count && DateTime.UtcNow < deadline);
        runtimes.Where(r => r.State == "running").Select(r => r.Id).ShouldBe(games.Select(g => g.ToString()), ignoreOrder: true, Replicas.Logs);
        Passed();
    }
}
