using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Orrery.Sessions;

namespace Orrery.Benchmarks;

/// <summary>
/// The client side of the live benchmark, in a process of its own (<c>live-clients</c>): opens one WebSocket per line
/// of a file (<c>url</c>), prints when all are open, then records, for every <c>turn_result</c>, the game, the turn and
/// <see cref="Stopwatch.GetTimestamp"/> (the same monotonic clock in every process of the machine), and writes them out.
/// </summary>
internal static class LiveClients
{
    private const int ConnectAtOnce = 100;

    /// <summary>args: clients file, seconds to listen once connected, output file.</summary>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        OpenFileLimit.Raise();
        var urls = await File.ReadAllLinesAsync(args[0], cancellationToken);
        var listen = TimeSpan.FromSeconds(int.Parse(args[1]));
        var received = new Received(urls.Length * 8);
        var sockets = new ClientWebSocket[urls.Length];

        // Each socket reads from the moment it is open, so nothing waits in its buffers for the others to connect.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var games = urls.Select(GameOf).ToArray();
        var receiving = new Task[urls.Length];
        var connecting = Stopwatch.StartNew();
        await Parallel.ForAsync(0, urls.Length, new ParallelOptions { MaxDegreeOfParallelism = ConnectAtOnce, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(new Uri(urls[i]), ct);
            sockets[i] = socket;
            receiving[i] = ReceiveAsync(socket, games[i], received, stop.Token);
        });
        // The parent measures from here: turns sent before this instant are left out of both runs.
        Console.WriteLine($"connected {urls.Length} {connecting.Elapsed.TotalSeconds:0.000} {Stopwatch.GetTimestamp()}");

        stop.CancelAfter(listen);
        await Task.WhenAll(receiving);
        await File.WriteAllLinesAsync(args[2], received.Lines(), CancellationToken.None);
        Console.WriteLine($"received {received.Count}");
        foreach (var socket in sockets)
        {
            socket.Abort();
        }
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, string game, Received received, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var (result, length) = await WebSocketMessages.ReceiveAsync(socket, buffer, cancellationToken);
                var at = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    received.Closed();
                    return;
                }
                var message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
                if (message.GetProperty("type").ValueEquals("turn_result"))
                {
                    received.Add(game, message.GetProperty("turn").GetInt32(), at);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The game id in <c>.../games/{id}/live...</c>.</summary>
    private static string GameOf(string url)
    {
        var path = new Uri(url).AbsolutePath.Split('/');
        return path[Array.IndexOf(path, "games") + 1];
    }

    private sealed class Received(int capacity)
    {
        private readonly List<string> _lines = new(capacity);
        private int _closed;

        public int Count
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Count;
                }
            }
        }

        public void Add(string game, int turn, long at)
        {
            lock (_lines)
            {
                _lines.Add($"{game},{turn},{at}");
            }
        }

        public void Closed() => Interlocked.Increment(ref _closed);

        public IEnumerable<string> Lines() => _lines.Append($"closed,{_closed},0");
    }
}
