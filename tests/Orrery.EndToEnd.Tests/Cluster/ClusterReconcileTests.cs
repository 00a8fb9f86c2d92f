using System.Net.Http.Json;
using Npgsql;
using Orrery.Api;
using Orrery.Cluster;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>Issue 13: one <c>POST /api/v1/reconcile</c> to one replica reconciles the games of every replica.</summary>
public sealed class ClusterReconcileTests : SpreadReplicaSetTest
{
    // Passes only on demand (and at start-up, before the drift), so the one the test asks for is the one that repairs.
    public ClusterReconcileTests()
        : base(new ReplicaSet(2, new Dictionary<string, string> { ["Orrery__Reconcile__Interval"] = "01:00:00" }))
    {
    }

    private static readonly GameShards Shards = new(GameShards.DefaultCount);

    [Fact]
    public async Task One_call_to_one_replica_repairs_the_drift_of_games_owned_by_both()
    {
        using var client = new NodeClient(Replicas[0].Url);
        var games = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var gameId = await client.RegisterGameAsync("Andorians", "Cygnans");
            (await client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Replicas.Logs);
            games.Add(gameId);
        }
        var owners = await Replicas.OwnersAsync(games, Shards.ShardOf);
        // One game of each replica drifts: recorded stopped while its engine runs (as after a crash between launch and record).
        Guid[] drifted = [owners.First(o => o.Value == 0).Key, owners.First(o => o.Value == 1).Key];
        await MarkStoppedAsync(drifted);

        using var response = await client.Http.PostAsync("reconcile", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<ReconcileReportResponse>(NodeClient.Json, TestContext.Current.CancellationToken))!;

        report.Adopted.ShouldBe(drifted.Order(), ignoreOrder: true, Replicas.Logs);
        report.Records.ShouldBe(games.Count, "each replica's pass counted its own games");
        report.Replicas.ShouldNotBeNull().Count.ShouldBe(2);
        report.FailedReplicas.ShouldNotBeNull().ShouldBeEmpty();
        foreach (var gameId in drifted)
        {
            (await client.GetGameAsync(gameId)).Runtime!.Status.ShouldBe("running");
        }
        Passed();
    }

    private async Task MarkStoppedAsync(IEnumerable<Guid> games)
    {
        await using var connection = new NpgsqlConnection(Replicas.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE runtime_records SET status = 'stopped', version = version + 1 WHERE game_id = ANY($1)", connection);
        update.Parameters.AddWithValue(games.ToArray());
        (await update.ExecuteNonQueryAsync()).ShouldBe(2);
    }
}
