using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Orrery.Sessions;

namespace Orrery.EndToEnd.Tests.Live;

/// <summary>
/// A real WebSocket client of a live session (<see cref="ClientWebSocket"/>): keeps every message it received, checks
/// each against the schema the node serves, and remembers where to resume from.
/// </summary>
internal sealed class LiveTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly JsonSchema? _schema;
    private readonly byte[] _buffer = new byte[64 * 1024];

    private LiveTestClient(JsonSchema? schema) => _schema = schema;

    public List<JsonElement> Received { get; } = [];

    public string? Session { get; private set; }

    public long LastSeq { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocket Socket => _socket;

    /// <summary>Opens the live WebSocket of <paramref name="gameId"/> on the node at <paramref name="nodeUrl"/>.</summary>
    /// <param name="token">A player token, sent as <c>access_token</c> (or as a subprotocol with <paramref name="tokenAsSubProtocol"/>).</param>
    /// <param name="apiKey">A key to watch as a spectator.</param>
    /// <param name="resumeFrom">A client whose session and last seq to resume from.</param>
    public static async Task<LiveTestClient> ConnectAsync(
        string nodeUrl, Guid gameId, string? token = null, string? apiKey = null, LiveTestClient? resumeFrom = null,
        bool tokenAsSubProtocol = false, JsonSchema? schema = null)
    {
        var client = new LiveTestClient(schema);
        var query = new List<string>();
        if (token is not null && !tokenAsSubProtocol)
        {
            query.Add("access_token=" + Uri.EscapeDataString(token));
        }
        if (token is not null && tokenAsSubProtocol)
        {
            client._socket.Options.AddSubProtocol("orrery.live.v1");
            client._socket.Options.AddSubProtocol(token);
        }
        if (apiKey is not null)
        {
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }
        if (resumeFrom is { Session: { } session })
        {
            query.Add($"session={Uri.EscapeDataString(session)}&lastSeq={resumeFrom.LastSeq}");
        }
        client._socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri(nodeUrl.Replace("http://", "ws://") + $"/api/v1/games/{gameId}/live" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        using var timeout = new CancellationTokenSource(DefaultWait);
        try
        {
            await client._socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException ex)
        {
            throw new LiveRefusedException(client._socket.HttpStatusCode, ex);
        }
        return client;
    }

    /// <summary>The next message; fails when none comes within <paramref name="wait"/> or the server closes.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? wait = null)
    {
        var message = await TryNextAsync(wait);
        return message ?? throw new InvalidOperationException($"The server closed the connection ({CloseStatus} {_socket.CloseStatusDescription}); received {Describe()}");
    }

    /// <summary>The next message, or null when the server closed the connection.</summary>
    public async Task<JsonElement?> TryNextAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        ValueWebSocketReceiveResult result;
        int length;
        try
        {
            (result, length) = await WebSocketMessages.ReceiveAsync(_socket, _buffer, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No live message within {wait ?? DefaultWait}; received {Describe()}");
        }
        if (result.MessageType == WebSocketMessageType.Close)
        {
            if (_socket.State == WebSocketState.CloseReceived)
            {
                // The close handshake is completed here, as a browser would; a server that did not wait for it resets.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            return null;
        }
        var message = JsonDocument.Parse(_buffer.AsMemory(0, length)).RootElement.Clone();
        if (_schema is not null)
        {
            var evaluation = _schema.Evaluate(message, new EvaluationOptions { OutputFormat = OutputFormat.List });
            evaluation.IsValid.ShouldBeTrue($"message not valid against the served schema: {message.GetRawText()}\n{JsonSerializer.Serialize(evaluation)}");
        }
        Received.Add(message);
        if (message.TryGetProperty("session", out var session))
        {
            Session = session.GetString();
        }
        LastSeq = Math.Max(LastSeq, message.GetProperty("seq").GetInt64());
        return message;
    }

    /// <summary>Messages until one of <paramref name="type"/> that satisfies <paramref name="condition"/>, which it returns.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool>? condition = null, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {type} message as expected; received {Describe()}");
            }
            var message = await NextAsync(left);
            if (message.GetProperty("type").GetString() == type && (condition?.Invoke(message) ?? true))
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the server closes; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        while (await TryNextAsync(deadline - DateTime.UtcNow) is not null)
        {
        }
        return CloseStatus;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
    }

    public static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    public static long Seq(JsonElement message) => message.GetProperty("seq").GetInt64();

    public string Describe() => string.Join(", ", Received.Select(m => $"{Type(m)}#{Seq(m)}" + (Type(m) == "turn_result" ? $"(turn {m.GetProperty("turn")})" : "")));

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The server refused the WebSocket before the upgrade.</summary>
internal sealed class LiveRefusedException(HttpStatusCode status, Exception inner) : Exception($"refused with {(int)status}", inner)
{
    public HttpStatusCode Status { get; } = status;
}
