using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orrery.Benchmarks;

/// <summary>
/// Engines over HTTP that generate a turn at once, for many games behind one loopback port: game g's endpoint is
/// <c>http://127.0.0.1:port/{g:N}/</c>, speaking the engine contract's health, status and turn calls (SPEC §12). Each
/// turn call is timed against the game's cron slot (the latest whole second at its second of the minute), so the
/// replicas' turn lateness is measured from outside them: slot -> the engine's turn call.
/// </summary>
internal sealed class StubEngineServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, Engine> _engines = new();
    private readonly ConcurrentQueue<double> _latenessMs = new();

    private StubEngineServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Turn calls since <see cref="ResetLateness"/>: slot -> call, in ms.</summary>
    public IReadOnlyList<double> LatenessMs => [.. _latenessMs];

    public static async Task<StubEngineServer> StartAsync()
    {
        var port = NodeUnderTest.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new StubEngineServer(builder.Build(), port);
        server.Map();
        await server._app.StartAsync();
        return server;
    }

    public Uri EndpointOf(Guid gameId) => new($"http://127.0.0.1:{Port}/{gameId:N}/");

    /// <param name="second">The second of the minute the game's schedule fires at.</param>
    public void Add(Guid gameId, int second, Guid[] players) => _engines[gameId] = new Engine(gameId, second, players);

    public void ResetLateness() => _latenessMs.Clear();

    /// <summary>Called with the game, the turn just played and <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> as each turn is answered.</summary>
    public Action<Guid, int, long>? TurnPlayed { get; set; }

    public int Turns => _engines.Values.Sum(e => e.Turn);

    private void Map()
    {
        _app.MapGet("/{game:guid}/healthz", (Guid game) => _engines.ContainsKey(game) ? Results.Text("ok") : Results.NotFound());
        _app.MapGet("/{game:guid}/api/v1/admin/status", (Guid game) =>
            _engines.TryGetValue(game, out var engine) ? Results.Json(engine.State()) : Results.StatusCode(501));
        _app.MapPut("/{game:guid}/api/v1/admin/turn", (Guid game, int? expectedTurn) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!_engines.TryGetValue(game, out var engine)) return Results.StatusCode(501);
            _latenessMs.Enqueue((now - engine.SlotAtOrBefore(now)).TotalMilliseconds);
            if (engine.TryAdvance(expectedTurn) is not { } state) return Results.StatusCode(409);
            TurnPlayed?.Invoke(game, engine.Turn, System.Diagnostics.Stopwatch.GetTimestamp());
            return Results.Json(state);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Engine(Guid gameId, int second, Guid[] players)
    {
        private readonly Lock _gate = new();
        public int Turn { get; private set; }

        public object State()
        {
            lock (_gate)
            {
                return Snapshot();
            }
        }

        public object? TryAdvance(int? expectedTurn)
        {
            lock (_gate)
            {
                if (expectedTurn is { } expected && expected != Turn) return null;
                Turn++;
                return Snapshot();
            }
        }

        public DateTimeOffset SlotAtOrBefore(DateTimeOffset now)
        {
            var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            var slot = minute.AddSeconds(second);
            return slot <= now ? slot : slot.AddMinutes(-1);
        }

        private object Snapshot() => new
        {
            gameId,
            turn = Turn,
            finished = false,
            players = players.Select((id, i) => new { id, raceName = i == 0 ? "Andorians" : "Cygnans", planets = 1 + Turn % 5, population = 1000L + Turn }),
        };
    }
}
