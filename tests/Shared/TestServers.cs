using System.Net;
using System.Net.Sockets;

namespace Orrery.Tests.Shared;

/// <summary>
/// The real servers the adapter contract suites run against, as <c>scripts/test-servers.sh</c> started them and
/// announced them in the environment. A suite whose server is missing is skipped, or fails when
/// <c>ORRERY_REQUIRE_SERVERS=1</c> (CI), so a missing server can never pass unnoticed.
/// </summary>
internal static class TestServers
{
    /// <summary>Npgsql connection string of a superuser on a throwaway cluster (tests create their own databases).</summary>
    public static string Postgres => Require("ORRERY_TEST_POSTGRES", "PostgreSQL");

    /// <summary><c>host:port</c> of a throwaway redis-server.</summary>
    public static string Redis => Require("ORRERY_TEST_REDIS", "Redis");

    /// <summary><c>unix:///path/docker.sock</c> of a throwaway dockerd.</summary>
    public static string Docker => Require("ORRERY_TEST_DOCKER", "Docker");

    /// <summary>The reference engine image built by <c>deploy/engine-image/build.sh</c>, e.g. <c>orrery/reference-engine:test</c>.</summary>
    public static string EngineImage => Require("ORRERY_TEST_ENGINE_IMAGE", "the reference engine image");

    /// <summary>A tiny image that allocates until its memory limit kills it, e.g. <c>orrery/oom-probe:test</c>.</summary>
    public static string OomImage => Require("ORRERY_TEST_OOM_IMAGE", "the OOM probe image");

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        return Missing($"{what} is not available: {variable} is not set (scripts/test-servers.sh sets it).");
    }

    /// <summary>A loopback port nothing listens on right now, for a server of the test's own.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Skips the test for <paramref name="reason"/>, or fails it under <c>ORRERY_REQUIRE_SERVERS=1</c>. Never returns.</summary>
    public static string Missing(string reason)
    {
        if (Environment.GetEnvironmentVariable("ORRERY_REQUIRE_SERVERS") == "1")
        {
            throw new InvalidOperationException(reason + " ORRERY_REQUIRE_SERVERS=1 makes this a failure.");
        }
        Assert.Skip(reason);
        return null!; // unreachable: Assert.Skip throws
    }
}
