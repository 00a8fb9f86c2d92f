using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests.Live;

/// <summary>Issue 14: players follow their game over real WebSockets, on the real binary with real engine processes.</summary>
public sealed class LiveSessionTests() : LiveNodeTest("live")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_players_on_a_one_second_schedule_receive_every_turn_in_order_with_no_gap_in_seq()
    {
        await Admin.RegisterEngineBinaryAsync("3.0.0", "--ENGINE_MAX_TURNS=5");
        var gameId = await Admin.RegisterScheduledGameAsync("3.0.0", "* * * * * *", "Andorians", "Cygnans", "Denebians");
        var players = new List<LiveTestClient>();
        foreach (var (userId, _) in await MembersAsync(gameId))
        {
            players.Add(await PlayerAsync(gameId, await TokenAsync(gameId, userId)));
        }

        (await Admin.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);

        foreach (var player in players)
        {
            (await player.WaitForCloseAsync(TimeSpan.FromSeconds(60))).ShouldBe(WebSocketCloseStatus.NormalClosure, player.Describe());
            var messages = player.Received;
            LiveTestClient.Type(messages[0]).ShouldBe("welcome");
            var seqs = messages.Skip(1).Select(LiveTestClient.Seq).ToList();
            seqs.ShouldBe([.. Enumerable.Range((int)LiveTestClient.Seq(messages[0]) + 1, seqs.Count).Select(s => (long)s)], "no gap in seq: " + player.Describe());
            var turns = messages.Where(m => LiveTestClient.Type(m) == "turn_result").Select(m => m.GetProperty("turn").GetInt32()).ToList();
            turns.ShouldBe([1, 2, 3, 4, 5], player.Describe());
            messages.Last(m => LiveTestClient.Type(m) == "turn_result").GetProperty("finished").GetBoolean().ShouldBeTrue();
            var last = messages[^1];
            LiveTestClient.Type(last).ShouldBe("finished");
            last.GetProperty("reason").GetString().ShouldBe("finished");
            last.GetProperty("turn").GetInt32().ShouldBe(5);
            var standings = messages.Last(m => LiveTestClient.Type(m) == "turn_result").GetProperty("standings");
            standings.GetArrayLength().ShouldBe(3);
            await player.DisposeAsync();
        }
        var first = players[0].Received.Select(m => m.GetRawText()).Where(t => !t.Contains("\"welcome\"") && !t.Contains("\"presence\""));
        var second = players[1].Received.Select(m => m.GetRawText()).Where(t => !t.Contains("\"welcome\"") && !t.Contains("\"presence\""));
        second.TakeLast(6).ShouldBe(first.TakeLast(6), "every player gets the same turn messages");
    }

    [Fact]
    public async Task A_client_that_disconnects_and_resumes_misses_nothing()
    {
        var gameId = await Admin.RegisterScheduledGameAsync("1.0.0", "* * * * * *", "Andorians", "Cygnans");
        var members = await MembersAsync(gameId);
        var watcher = await PlayerAsync(gameId, await TokenAsync(gameId, members[0].UserId));
        var token = await TokenAsync(gameId, members[1].UserId);
        var leaver = await PlayerAsync(gameId, token);
        (await Admin.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        await leaver.WaitForAsync("turn_result", wait: TimeSpan.FromSeconds(20));

        await leaver.CloseAsync();
        var leftAt = leaver.LastSeq;
        var missedTurn = await watcher.WaitForAsync("turn_result", m => LiveTestClient.Seq(m) > leftAt + 1, TimeSpan.FromSeconds(20));
        await watcher.WaitForAsync("turn_result", m => LiveTestClient.Seq(m) > LiveTestClient.Seq(missedTurn), TimeSpan.FromSeconds(20));
        var resumed = await PlayerAsync(gameId, token, resumeFrom: leaver);

        var caughtUp = await resumed.NextAsync();
        LiveTestClient.Type(caughtUp).ShouldNotBe("welcome", "the backlog covers the gap: " + resumed.Describe());
        LiveTestClient.Seq(caughtUp).ShouldBe(leftAt + 1);
        while (resumed.LastSeq < watcher.LastSeq)
        {
            await resumed.NextAsync();
        }
        var seenByWatcher = watcher.Received.Where(m => LiveTestClient.Seq(m) > leftAt && LiveTestClient.Seq(m) <= resumed.LastSeq)
            .Where(m => LiveTestClient.Type(m) != "pong").Select(m => m.GetRawText());
        var seenAfterResume = resumed.Received.Where(m => LiveTestClient.Type(m) is not ("pong" or "presence")).Select(m => m.GetRawText());
        seenAfterResume.ShouldBe(seenByWatcher.Where(t => !t.Contains("\"presence\"")), "the resumed client got exactly what it missed, in order");
        (await Admin.RunAsync(gameId, "stop")).Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task Credentials_are_checked_before_the_upgrade_and_a_thousand_bad_tokens_leave_the_node_serving()
    {
        var gameId = await Admin.RegisterGameAsync("Andorians", "Cygnans");
        var otherGame = await Admin.RegisterGameAsync("Betans");
        var members = await MembersAsync(gameId);
        var token = await TokenAsync(gameId, members[0].UserId);
        var otherToken = await TokenAsync(otherGame, (await MembersAsync(otherGame))[0].UserId);
        using var anonymous = new HttpClient { BaseAddress = Admin.Http.BaseAddress };

        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live", HttpStatusCode.Unauthorized, "unauthorized");
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token=not.a.token", HttpStatusCode.Unauthorized, "invalid_token");
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token={Tampered(token)}", HttpStatusCode.Unauthorized, "invalid_token");
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token={otherToken}", HttpStatusCode.Forbidden, "wrong_game");
        await ShouldRefuseAsync(anonymous, $"games/{Guid.NewGuid()}/live?access_token={token}", HttpStatusCode.NotFound, "not_found");
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token={token}", HttpStatusCode.BadRequest, "websocket_required");
        await ShouldRefuseAsync(Admin.Http, $"games/{gameId}/live", HttpStatusCode.BadRequest, "websocket_required");
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token={token}&session=abc&lastSeq=x", HttpStatusCode.BadRequest, "invalid_input");

        // The membership is checked at connection time, not only when the token was minted.
        using (var patched = await Admin.Http.PutAsJsonAsync($"games/{gameId}", new
        {
            targetEngineVersion = "1.0.0", turnSchedule = "0 0 * * *", memberships = new[] { new { userId = members[1].UserId, raceName = members[1].RaceName } },
        }, Ct))
        {
            patched.EnsureSuccessStatusCode();
        }
        await ShouldRefuseAsync(anonymous, $"games/{gameId}/live?access_token={token}", HttpStatusCode.Forbidden, "not_member");
        var refused = await Should.ThrowAsync<LiveRefusedException>(() => PlayerAsync(gameId, token));
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);

        var attempts = Enumerable.Range(0, 1000).Select(async i =>
        {
            try
            {
                await using var client = await LiveTestClient.ConnectAsync(Node.Url, gameId, token: Tampered(token) + i);
                return HttpStatusCode.SwitchingProtocols;
            }
            catch (LiveRefusedException ex)
            {
                return ex.Status;
            }
        });
        (await Task.WhenAll(attempts)).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);

        var member = await PlayerAsync(gameId, await TokenAsync(gameId, members[1].UserId));
        var welcome = await member.NextAsync();
        LiveTestClient.Type(welcome).ShouldBe("welcome");
        welcome.GetProperty("you").GetProperty("userId").GetGuid().ShouldBe(members[1].UserId);
        await using var spectator = await LiveTestClient.ConnectAsync(Node.Url, gameId, apiKey: ViewerKey, schema: Schema);
        var spectatorWelcome = await spectator.NextAsync();
        spectatorWelcome.GetProperty("you").GetProperty("spectator").GetBoolean().ShouldBeTrue();
        await member.DisposeAsync();
        Node.Output.ShouldNotContain(token, customMessage: "tokens are never logged");
    }

    [Fact]
    public async Task Pings_are_answered_and_anything_else_closes_the_connection_with_1008()
    {
        var gameId = await Admin.RegisterGameAsync("Andorians");
        var token = await TokenAsync(gameId, (await MembersAsync(gameId))[0].UserId);
        await using (var client = await LiveTestClient.ConnectAsync(Node.Url, gameId, token: token, tokenAsSubProtocol: true, schema: Schema))
        {
            client.Socket.SubProtocol.ShouldBe("orrery.live.v1");
            var welcome = await client.NextAsync();
            await client.SendTextAsync("""{"type":"ping","id":"p1"}""");
            var pong = await client.WaitForAsync("pong");
            pong.GetProperty("id").GetString().ShouldBe("p1");
            LiveTestClient.Seq(pong).ShouldBe(LiveTestClient.Seq(welcome));
        }

        foreach (var (what, send) in new (string, Func<WebSocket, Task>)[]
        {
            ("malformed", s => s.SendAsync("{\"type\":"u8.ToArray(), WebSocketMessageType.Text, true, Ct)),
            ("another type", s => s.SendAsync("""{"type":"move","to":"x"}"""u8.ToArray(), WebSocketMessageType.Text, true, Ct)),
            ("binary", s => s.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, Ct)),
            ("over 4 KiB", s => s.SendAsync(System.Text.Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{new string('x', 5000)}}"}"""), WebSocketMessageType.Text, true, Ct)),
        })
        {
            await using var client = await LiveTestClient.ConnectAsync(Node.Url, gameId, token: token, schema: Schema);
            await client.NextAsync();
            await send(client.Socket);
            (await client.WaitForCloseAsync(TimeSpan.FromSeconds(10))).ShouldBe(WebSocketCloseStatus.PolicyViolation, what);
        }
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_and_the_others_still_get_every_turn()
    {
        var gameId = await Admin.RegisterScheduledGameAsync("1.0.0", "* * * * * *", "Andorians", "Cygnans");
        var members = await MembersAsync(gameId);
        var reader = await PlayerAsync(gameId, await TokenAsync(gameId, members[0].UserId));
        await using var stalled = await LiveTestClient.ConnectAsync(Node.Url, gameId, token: await TokenAsync(gameId, members[1].UserId));
        (await Admin.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);

        // Pings it never reads the answers of: its send queue fills while the socket is stuck.
        var ping = """{"type":"ping","id":"0123456789012345678901234567890123456789"}"""u8.ToArray();
        using var flood = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (stalled.Socket.State == WebSocketState.Open)
            {
                await stalled.Socket.SendAsync(ping, WebSocketMessageType.Text, true, flood.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The server dropped it.
        }
        flood.IsCancellationRequested.ShouldBeFalse("the server dropped the client that never reads");

        var turnBefore = (await reader.WaitForAsync("turn_result")).GetProperty("turn").GetInt32();
        var next = await reader.WaitForAsync("turn_result", wait: TimeSpan.FromSeconds(5));
        next.GetProperty("turn").GetInt32().ShouldBe(turnBefore + 1);
        (await Admin.RunAsync(gameId, "stop")).Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task Deleting_a_game_sends_finished_and_closes_its_clients()
    {
        var gameId = await Admin.RegisterGameAsync("Andorians", "Cygnans");
        var members = await MembersAsync(gameId);
        var player = await PlayerAsync(gameId, await TokenAsync(gameId, members[0].UserId));
        await using var spectator = await LiveTestClient.ConnectAsync(Node.Url, gameId, apiKey: AdminKey, schema: Schema);
        (await Admin.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        await player.WaitForAsync("status", m => m.GetProperty("runtimeStatus").GetString() == "running");
        var presence = await Admin.Http.GetFromJsonAsync<JsonElement>($"games/{gameId}/live/presence", NodeClient.Json, Ct);
        presence.GetProperty("running").GetBoolean().ShouldBeTrue();
        presence.GetProperty("connections").GetInt32().ShouldBe(2);
        presence.GetProperty("spectators").GetInt32().ShouldBe(1);
        presence.GetProperty("players")[0].GetProperty("userId").GetGuid().ShouldBe(members[0].UserId);

        (await Admin.Http.DeleteAsync($"games/{gameId}", Ct)).IsSuccessStatusCode.ShouldBeTrue();

        foreach (var client in new[] { player, spectator })
        {
            var finished = await client.WaitForAsync("finished");
            // Deleting a running game stops its engine first: the session may end on the stop or on the delete.
            finished.GetProperty("reason").GetString().ShouldBeOneOf("stopped", "deleted");
            (await client.WaitForCloseAsync()).ShouldBe(WebSocketCloseStatus.NormalClosure);
        }
        await player.DisposeAsync();
    }

    [Fact]
    public async Task A_crashed_pool_is_restarted_and_its_clients_come_back_on_a_new_session()
    {
        var gameId = await Admin.RegisterGameAsync("Andorians");
        var token = await TokenAsync(gameId, (await MembersAsync(gameId))[0].UserId);
        var client = await PlayerAsync(gameId, token);
        var welcome = await client.NextAsync();
        var pools = await Admin.Http.GetFromJsonAsync<JsonElement>("live/pools", NodeClient.Json, Ct);
        var pool = pools.EnumerateArray().Single(p => p.GetProperty("games").EnumerateArray().Any(g => g.GetGuid() == gameId));
        var poolId = pool.GetProperty("poolId").GetString()!;

        (await Admin.Http.PostAsync($"live/pools/{poolId}/crash", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.WaitForCloseAsync()).ShouldBe((WebSocketCloseStatus)1012);
        var back = await PlayerAsync(gameId, token, resumeFrom: client);
        var again = await back.NextAsync();
        LiveTestClient.Type(again).ShouldBe("welcome", "a restarted session is a new incarnation");
        again.GetProperty("session").GetString().ShouldNotBe(welcome.GetProperty("session").GetString());
        var after = await Admin.Http.GetFromJsonAsync<JsonElement>("live/pools", NodeClient.Json, Ct);
        after.EnumerateArray().Single(p => p.GetProperty("poolId").GetString() == poolId).GetProperty("restarts").GetInt32().ShouldBe(1);
        await client.DisposeAsync();
        await back.DisposeAsync();
    }

    [Fact]
    public async Task The_cli_mints_a_token_and_follows_the_session()
    {
        var gameId = await Admin.RegisterGameAsync("Andorians");
        var userId = (await MembersAsync(gameId))[0].UserId;

        var (minted, token) = await Node.RunCliAsync("games", "token", gameId.ToString(), userId.ToString(), "--api-key", LobbyKey);
        minted.ShouldBe(0, token);
        var (followed, output) = await Node.RunCliAsync("live", gameId.ToString(), "--token", token.Trim(), "--count", "1", "--json");
        followed.ShouldBe(0, output);
        JsonDocument.Parse(output.Trim()).RootElement.GetProperty("type").GetString().ShouldBe("welcome");

        var (refused, error) = await Node.RunCliAsync("live", gameId.ToString(), "--token", "forged", "--count", "1");
        refused.ShouldBe(1, error);
        error.ShouldContain("invalid_token");
    }

    private static async Task ShouldRefuseAsync(HttpClient http, string path, HttpStatusCode status, string code)
    {
        using var response = await http.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, $"{path}: {body}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().ShouldBe(code, body);
    }

    /// <summary>The token with its signature altered: same header and claims, not signed by the node.</summary>
    private static string Tampered(string token) => token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
}
