using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orrery.Benchmarks;

/// <summary>
/// The live benchmark's baseline: a bare ASP.NET Core WebSocket server that accepts anyone on the same route and, at
/// each game's slot (second <c>i % 60</c> of every minute), sends a turn message of the same shape to the game's
/// sockets, all at once. No tokens, sessions, backlog, queues or store: the raw cost of the fan-out.
/// </summary>
internal sealed class BareBroadcaster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, List<WebSocket>> _sockets = new();
    private readonly Guid[] _games;
    private readonly CancellationTokenSource _stop = new();
    private Task _broadcasting = Task.CompletedTask;

    private BareBroadcaster(WebApplication app, string url, Guid[] games)
    {
        _app = app;
        Url = url;
        _games = games;
    }

    public string Url { get; }

    /// <summary>When each (game, turn) was broadcast: <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public ConcurrentDictionary<(Guid Game, int Turn), long> SentAt { get; } = new();

    public static async Task<BareBroadcaster> StartAsync(Guid[] games)
    {
        var url = $"http://127.0.0.1:{NodeUnderTest.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);
        var server = new BareBroadcaster(builder.Build(), url, games);
        server._app.UseWebSockets();
        server._app.Map("/api/v1/games/{gameId:guid}/live", server.AcceptAsync);
        await server._app.StartAsync();
        server._broadcasting = server.BroadcastAsync(server._stop.Token);
        return server;
    }

    private async Task AcceptAsync(HttpContext http, Guid gameId)
    {
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var sockets = _sockets.GetOrAdd(gameId, _ => []);
        lock (sockets)
        {
            sockets.Add(socket);
        }
        var buffer = new byte[1024];
        try
        {
            while (!(await socket.ReceiveAsync(buffer.AsMemory(), http.RequestAborted)).MessageType.Equals(WebSocketMessageType.Close))
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        lock (sockets)
        {
            sockets.Remove(socket);
        }
    }

    private async Task BroadcastAsync(CancellationToken cancellationToken)
    {
        var turns = new int[_games.Length];
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        try
        {
            while (true)
            {
                second++;
                var delay = DateTimeOffset.FromUnixTimeSeconds(second) - DateTimeOffset.UtcNow;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }
                var slot = (int)(second % 60);
                var sends = new List<Task>();
                for (var i = slot; i < _games.Length; i += 60)
                {
                    sends.Add(SendTurnAsync(_games[i], ++turns[i]));
                }
                await Task.WhenAll(sends);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendTurnAsync(Guid gameId, int turn)
    {
        SentAt[(gameId, turn)] = Stopwatch.GetTimestamp();
        var message = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "turn_result",
            seq = turn + 2,
            turn,
            standings = new[]
            {
                new { userId = Guid.NewGuid(), raceName = "Andorians", planets = 1 + turn % 5, population = 1000 + turn, maxPlanets = 5, maxPopulation = 1000 + turn },
                new { userId = Guid.NewGuid(), raceName = "Cygnans", planets = 1 + turn % 5, population = 1000 + turn, maxPlanets = 5, maxPopulation = 1000 + turn },
            },
            finished = false,
            nextTurnAt = DateTimeOffset.UtcNow.AddMinutes(1),
        }, JsonSerializerOptions.Web);
        if (!_sockets.TryGetValue(gameId, out var sockets))
        {
            return;
        }
        WebSocket[] targets;
        lock (sockets)
        {
            targets = [.. sockets];
        }
        await Task.WhenAll(targets.Select(async s =>
        {
            try
            {
                await s.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _broadcasting;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }
}
