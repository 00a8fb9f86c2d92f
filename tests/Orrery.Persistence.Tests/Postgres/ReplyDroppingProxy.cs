using System.Net;
using System.Net.Sockets;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>
/// A TCP proxy between a store and its server that can lose one reply: the server has done the work (and, for a
/// statement outside a transaction, committed it) and answered, but the client sees its connection drop. It is
/// the failure that makes repeating a write unsafe, which terminating a session before the statement is not.
/// </summary>
/// <remarks>
/// PostgreSQL sends a statement's reply once the Sync that ends it has committed the implicit transaction, so
/// the first chunk of reply bytes after <see cref="DropNextReply"/> comes after the commit.
/// </remarks>
internal sealed class ReplyDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _dropNext;
    private int _dropped;

    public ReplyDroppingProxy(string serverHost, int serverPort)
    {
        _server = new DnsEndPoint(serverHost, serverPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many replies were dropped.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>The next bytes any server sends are discarded and that connection is closed on both sides.</summary>
    public void DropNextReply() => Volatile.Write(ref _dropNext, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_server.Host, _server.Port, _stop.Token);
                _ = PumpAsync(client, server, replies: false);
                _ = PumpAsync(server, client, replies: true);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool replies)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.GetStream().ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (replies && Interlocked.Exchange(ref _dropNext, 0) == 1)
                {
                    Interlocked.Increment(ref _dropped);
                    break;
                }
                await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // One side went away (the other pump may have closed both): the finally closes what is left.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
