using System.Net;
using System.Net.Sockets;

namespace Orrery.Engines;

/// <summary>Finds a free TCP port on 127.0.0.1 for a new engine (a local process, or a container on the host network).</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// Lets the kernel pick a free port and releases it at once. Another process could take it before the
    /// engine binds; that is rare, and the engine then fails to start and the start reports it, which beats
    /// making every engine report back the port it chose.
    /// </summary>
    public static int Allocate()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
