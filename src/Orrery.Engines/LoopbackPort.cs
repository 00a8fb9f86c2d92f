using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Orrery.Engines;

/// <summary>Free loopback ports for engines that listen on the host's network.</summary>
internal static class LoopbackPort
{
    // Below Linux's default ephemeral range (32768-60999), so an outgoing connection (to an engine, Redis,
    // PostgreSQL) never takes a port between its allocation and the engine's bind.
    private const int First = 20000;
    private const int Last = 32767;
    private const int Attempts = 64;

    // A port handed out is not handed out again for this long: the engine it was meant for may take seconds to bind.
    private static readonly long QuarantineMs = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;
    private static readonly ConcurrentDictionary<int, long> HandedOut = new();

    /// <summary>
    /// A random free port of the range, never one handed out in the last two minutes by this process. The kernel's
    /// own choice (bind to port 0) tends to return a port just released, so two starts close together got the same
    /// one. Another process could still take the port before the engine binds; then the engine fails to start, or
    /// its game's init and turn calls, which name the game, are refused by the engine that holds the port.
    /// </summary>
    public static int Allocate()
    {
        var now = Environment.TickCount64;
        foreach (var (port, at) in HandedOut)
        {
            if (now - at > QuarantineMs)
            {
                HandedOut.TryRemove(port, out _);
            }
        }
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (IsFree(port) && HandedOut.TryAdd(port, now))
            {
                return port;
            }
        }
        return KernelChoice(); // the range is crowded: fall back to the kernel's choice rather than fail the start
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int KernelChoice()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        HandedOut[port] = Environment.TickCount64;
        return port;
    }
}
