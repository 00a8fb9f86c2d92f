using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Orrery.Cluster;
using Orrery.EndToEnd.Tests.Cluster;

namespace Orrery.EndToEnd.Tests.Live;

/// <summary>Issue 14 in cluster mode: a game's session runs on its owner, clients of any replica are served from there and follow it when it moves.</summary>
public sealed class ClusterLiveTests
{
    private static readonly GameShards Shards = new(GameShards.DefaultCount);

    [Fact]
    public async Task Clients_of_both_replicas_follow_one_session_and_resume_on_the_survivor_when_the_owner_is_killed()
    {
        await using var replicas = new ReplicaSet(2); // with a signing key shared by the replicas (ProductionSettings)
        await replicas.StartAllAsync();
        using var any = new NodeClient(replicas[0].Url);
        var gameId = await any.RegisterScheduledGameAsync("1.0.0", "* * * * * *", "Andorians", "Cygnans");
        (await any.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", replicas.Logs);
        var owner = await replicas.OwnerOfMostAsync([gameId], Shards.ShardOf);
        var other = 1 - owner;
        var members = (await any.GetGameAsync(gameId)).Memberships;
        var tokens = new List<string>();
        foreach (var member in members)
        {
            using var minted = await any.Http.PostAsync($"games/{gameId}/players/{member.UserId}/token", null, TestContext.Current.CancellationToken);
            minted.EnsureSuccessStatusCode();
            tokens.Add((await minted.Content.ReadFromJsonAsync<JsonElement>(NodeClient.Json, TestContext.Current.CancellationToken)).GetProperty("token").GetString()!);
        }

        var local = await LiveTestClient.ConnectAsync(replicas[owner].Url, gameId, token: tokens[0]);
        var relayed = await LiveTestClient.ConnectAsync(replicas[other].Url, gameId, token: tokens[1]);
        var localWelcome = await local.NextAsync();
        var relayedWelcome = await relayed.NextAsync();
        relayedWelcome.GetProperty("session").GetString().ShouldBe(localWelcome.GetProperty("session").GetString(), "one session, on the owner");
        var turn = (await relayed.WaitForAsync("turn_result", wait: TimeSpan.FromSeconds(20))).GetProperty("turn").GetInt32();
        await local.WaitForAsync("turn_result", m => m.GetProperty("turn").GetInt32() == turn, TimeSpan.FromSeconds(20));
        var presence = await any.Http.GetFromJsonAsync<JsonElement>($"games/{gameId}/live/presence", NodeClient.Json, TestContext.Current.CancellationToken);
        presence.GetProperty("players").GetArrayLength().ShouldBe(2, "the owner counts the relayed client too");

        await replicas.KillAsync(owner);

        // The relayed client is told to reconnect (1012); the local one just loses its connection.
        (await relayed.WaitForCloseAsync(TimeSpan.FromSeconds(60))).ShouldBe((WebSocketCloseStatus)1012, relayed.Describe());
        var lastTurnSeen = relayed.Received.Where(m => LiveTestClient.Type(m) == "turn_result").Max(m => m.GetProperty("turn").GetInt32());
        foreach (var (before, token) in new[] { (relayed, tokens[1]), (local, tokens[0]) })
        {
            var (resumed, welcome) = await ConnectWhenServedAsync(replicas[other].Url, gameId, token, before);
            await using var _ = resumed;
            LiveTestClient.Type(welcome).ShouldBe("welcome", "the session moved: a new incarnation starts with a welcome");
            welcome.GetProperty("session").GetString().ShouldNotBe(localWelcome.GetProperty("session").GetString());
            var current = welcome.GetProperty("status").GetProperty("currentTurn").GetInt32();
            current.ShouldBeGreaterThanOrEqualTo(lastTurnSeen);
            var next = await resumed.WaitForAsync("turn_result", wait: TimeSpan.FromSeconds(30));
            next.GetProperty("turn").GetInt32().ShouldBe(current + 1, resumed.Describe());
            await before.DisposeAsync();
        }
    }

    /// <summary>Reconnects as a client would, until the survivor owns the game and serves it: the client and its first message.</summary>
    private static async Task<(LiveTestClient Client, JsonElement First)> ConnectWhenServedAsync(string url, Guid gameId, string token, LiveTestClient resumeFrom)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            LiveTestClient? client = null;
            try
            {
                client = await LiveTestClient.ConnectAsync(url, gameId, token: token, resumeFrom: resumeFrom);
                if (await client.TryNextAsync(TimeSpan.FromSeconds(30)) is { } first)
                {
                    return (client, first);
                }
                client.CloseStatus.ShouldBe((WebSocketCloseStatus)1012, "while the game has no owner the client is asked to come back");
            }
            catch (LiveRefusedException) when (DateTime.UtcNow < deadline)
            {
            }
            if (client is not null)
            {
                await client.DisposeAsync();
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the survivor serves the game within a minute");
            await Task.Delay(500);
        }
    }
}
