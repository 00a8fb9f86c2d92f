using System.Net.WebSockets;

namespace Orrery.Sessions;

/// <summary>Reading whole messages on the client side of a live WebSocket (the CLI, the benchmark's clients, the tests).</summary>
public static class WebSocketMessages
{
    /// <summary>
    /// Reads frames into <paramref name="buffer"/> until a message ends or the buffer is full; answers the last frame's
    /// result (its type says whether the server closed) and the bytes read.
    /// </summary>
    public static async Task<(ValueWebSocketReceiveResult Last, int Length)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
        }
        while (!result.EndOfMessage && length < buffer.Length);
        return (result, length);
    }
}
