using System.Net;
using System.Net.Sockets;
using System.Text;
using Orrery.Persistence.Redis;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>
/// What no healthy redis-server does, played by a scripted TCP peer: bytes that are not RESP2, a reply cut off
/// by a closed connection. The client must fail the command clearly, drop the connection and reconnect.
/// </summary>
public sealed class RedisMisbehavingPeerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("?not resp\r\n", "Unknown RESP2 type byte")]
    [InlineData("$5\r\nhel", "closed the connection")]
    public async Task ExecuteAsync_PeerAnswersBadly_FailsWithConnectionExceptionAndTheNextCommandReconnects(string answer, string reason)
    {
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var port = ((IPEndPoint)peer.LocalEndpoint).Port;
        await using var client = new RedisClient(RedisConnectionSettings.Parse($"127.0.0.1:{port}"), TimeProvider.System);

        var first = client.ExecuteAsync(new("PING"), Ct);
        using (var bad = await peer.AcceptSocketAsync(Ct))
        {
            await ReadCommandAsync(bad);
            await bad.SendAsync(Encoding.ASCII.GetBytes(answer), Ct);
            bad.Shutdown(SocketShutdown.Send);

            var error = await Should.ThrowAsync<RedisConnectionException>(() => first.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            error.Message.ShouldContain("PING");
            error.Message.ShouldContain(reason);
        }

        var second = client.ExecuteAsync(new("PING"), Ct);
        using var good = await peer.AcceptSocketAsync(Ct);
        await ReadCommandAsync(good);
        await good.SendAsync("+PONG\r\n"u8.ToArray(), Ct);
        (await second.WaitAsync(TimeSpan.FromSeconds(10), Ct)).AsText().ShouldBe("PONG");
    }

    /// <summary>Reads until the PING command (<c>*1\r\n$4\r\nPING\r\n</c>) has arrived whole.</summary>
    private static async Task ReadCommandAsync(Socket socket)
    {
        var expected = "*1\r\n$4\r\nPING\r\n"u8.Length;
        var buffer = new byte[64];
        for (var received = 0; received < expected;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), Ct);
            received += read > 0 ? read : throw new IOException("The client closed the connection.");
        }
    }
}
