using System.CommandLine;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orrery.Sessions;

namespace Orrery.Cli;

/// <summary>
/// <c>orrery live &lt;game&gt; [--token T]</c>: follows a game's live session (docs/live-sessions.md) and prints its
/// messages as they arrive; reconnects and resumes where the server asks it to (1001, 1012, 1013) or the
/// connection drops.
/// </summary>
internal static class LiveCommand
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private const int MaxReconnects = 30;

    public static Command Create()
    {
        var game = new Argument<Guid>("game") { Description = "The game to follow." };
        var token = new Option<string?>("--token") { Description = "A player token (orrery games token); without one, the API key watches as a spectator." };
        var count = new Option<int>("--count") { Description = "Exit after this many messages (0: follow until the session ends or Ctrl+C)." };
        var json = new Option<bool>("--json") { Description = "Print each message as the JSON the server sent, one per line." };

        var live = new Command("live", "Follow a game's live session: turns, status, presence (Ctrl+C to stop).") { game, token, count, json };
        live.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var follower = new Follower(client, parse.GetValue(game), parse.GetValue(token), parse.GetValue(count), parse.GetValue(json));
            await follower.RunAsync(ct);
        }));
        return live;
    }

    private sealed class Follower(ApiClient client, Guid gameId, string? token, int count, bool json)
    {
        private string? _session;
        private long _lastSeq;
        private int _printed;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            for (var reconnects = 0; ; reconnects++)
            {
                WebSocketCloseStatus? status;
                string? description;
                try
                {
                    (status, description) = await FollowOnceAsync(cancellationToken);
                }
                catch (ApiProblemException ex) when (ex.Code == "unreachable" && reconnects > 0)
                {
                    (status, description) = (null, ex.Message); // the replica went away: try again, it or the load balancer's next
                }
                if (count > 0 && _printed >= count)
                {
                    return;
                }
                switch (status)
                {
                    case WebSocketCloseStatus.NormalClosure:
                        return; // the session ended
                    case WebSocketCloseStatus.PolicyViolation:
                        throw new ApiProblemException("protocol_violation", description ?? "the server closed the connection (1008)");
                }
                if (reconnects == MaxReconnects)
                {
                    throw new ApiProblemException("disconnected", $"gave up after {MaxReconnects} reconnects: {description}");
                }
                Console.Error.WriteLine($"live: disconnected ({(int?)status ?? 0} {description}); resuming");
                await Task.Delay(ReconnectDelay, cancellationToken);
            }
        }

        private async Task<(WebSocketCloseStatus? Status, string? Description)> FollowOnceAsync(CancellationToken cancellationToken)
        {
            using var socket = new ClientWebSocket();
            if (token is null && client.Authorization is { } key)
            {
                socket.Options.SetRequestHeader("Authorization", key.ToString());
            }
            var uri = LiveUri(_session, _lastSeq);
            try
            {
                await socket.ConnectAsync(uri, cancellationToken);
            }
            catch (WebSocketException ex)
            {
                // Refused before the upgrade: the same request as plain HTTP gets the problem, with its code.
                await client.GetAsync<JsonElement>(PathAndQuery(uri), cancellationToken);
                throw new ApiProblemException("connect_failed", ex.Message);
            }
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var (result, length) = await WebSocketMessages.ReceiveAsync(socket, buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return (socket.CloseStatus, socket.CloseStatusDescription);
                    }
                    Print(buffer.AsSpan(0, length));
                    if (count > 0 && _printed >= count)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
                        return (WebSocketCloseStatus.NormalClosure, "done");
                    }
                }
            }
            catch (WebSocketException ex)
            {
                return (null, ex.Message);
            }
        }

        private void Print(ReadOnlySpan<byte> utf8)
        {
            using var message = JsonDocument.Parse(utf8.ToArray());
            var root = message.RootElement;
            var type = root.GetProperty("type").GetString();
            if (root.TryGetProperty("session", out var session))
            {
                _session = session.GetString();
            }
            _lastSeq = Math.Max(_lastSeq, root.GetProperty("seq").GetInt64());
            Console.Out.WriteLine(json ? Encoding.UTF8.GetString(utf8) : Format(type, root));
            Console.Out.Flush();
            _printed++;
        }

        private static string Format(string? type, JsonElement m) => type switch
        {
            "welcome" => $"{Seq(m)} welcome session={m.GetProperty("session")} status={Prop(m.GetProperty("status"), "runtimeStatus")} turn={Prop(m.GetProperty("status"), "currentTurn")} next={Prop(m.GetProperty("status"), "nextTurnAt")} players={m.GetProperty("standings").GetArrayLength()}",
            "turn_result" => $"{Seq(m)} turn {m.GetProperty("turn")} finished={Prop(m, "finished")} next={Prop(m, "nextTurnAt")} {Standings(m.GetProperty("standings"))}",
            "status" => $"{Seq(m)} status {Prop(m, "runtimeStatus")} paused={Prop(m, "paused")} turn={Prop(m, "currentTurn")} next={Prop(m, "nextTurnAt")}",
            "presence" => $"{Seq(m)} presence players={string.Join(',', m.GetProperty("players").EnumerateArray().Select(p => $"{p.GetProperty("raceName")}x{p.GetProperty("connections")}"))} spectators={m.GetProperty("spectators")}",
            "finished" => $"{Seq(m)} finished reason={m.GetProperty("reason")} turn={m.GetProperty("turn")}",
            _ => $"{Seq(m)} {type} {m.GetRawText()}",
        };

        private static string Seq(JsonElement m) => $"#{m.GetProperty("seq")}";

        private static string Prop(JsonElement m, string name) => m.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";

        private static string Standings(JsonElement standings) =>
            string.Join(' ', standings.EnumerateArray().Select(s => $"{s.GetProperty("raceName")}:{s.GetProperty("planets")}p/{s.GetProperty("population")}"));

        private Uri LiveUri(string? session, long lastSeq)
        {
            var query = new List<string>();
            if (token is not null)
            {
                query.Add($"access_token={Uri.EscapeDataString(token)}");
            }
            if (session is not null)
            {
                query.Add($"session={Uri.EscapeDataString(session)}&lastSeq={lastSeq}");
            }
            var http = new Uri(client.BaseAddress, $"games/{gameId:D}/live{(query.Count > 0 ? "?" + string.Join('&', query) : "")}");
            return new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        }

        private string PathAndQuery(Uri ws) => client.BaseAddress.MakeRelativeUri(new UriBuilder(ws) { Scheme = client.BaseAddress.Scheme }.Uri).ToString();
    }
}
