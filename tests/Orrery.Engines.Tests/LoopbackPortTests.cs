using System.Net;
using System.Net.Sockets;
using Orrery.Engines;

namespace Orrery.Engines.Tests;

public sealed class LoopbackPortTests
{
    [Fact]
    public void Allocate_ManyStartsCloseTogether_NeverTheSamePortTwiceAndNoneFromTheEphemeralRange()
    {
        // The kernel's choice (bind to 0, release) handed the same port to two engines started back to back.
        var ports = Enumerable.Range(0, 500).Select(_ => LoopbackPort.Allocate()).ToList();

        ports.Distinct().Count().ShouldBe(ports.Count);
        ports.ShouldAllBe(p => p >= 20000 && p <= 32767);
    }

    [Fact]
    public void Allocate_PortIsFreeToBind()
    {
        var port = LoopbackPort.Allocate();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Should.NotThrow(() => socket.Bind(new IPEndPoint(IPAddress.Loopback, port)));
    }
}
