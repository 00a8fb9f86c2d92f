using Orrery.Persistence.Redis;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Tests.Shared;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>
/// One test's keys on the shared test redis-server (<c>ORRERY_TEST_REDIS</c>): every key under a prefix of its
/// own, so tests running in parallel never see each other's streams, and all of them deleted afterwards.
/// </summary>
internal sealed class RedisTestKeyspace : IAsyncDisposable
{
    // Set once a client was made: a test skipped for want of a server has nothing to clean up (and must not
    // skip a second time while cleaning up, which would turn its skip into a failure).
    private bool _used;

    public string Prefix { get; } = $"orrery-test:{Guid.NewGuid():N}:";

    /// <summary>A client of its own: a second call is another process (or the node restarted once the first is disposed).</summary>
    /// <remarks>Skips the test when there is no test server (<see cref="TestServers.Redis"/>).</remarks>
    public RedisClient Connect()
    {
        var client = new RedisClient(RedisConnectionSettings.Parse(TestServers.Redis), TimeProvider.System);
        _used = true;
        return client;
    }

    public EventStreamUnderTest OpenEventStream()
    {
        var client = Connect();
        return new EventStreamUnderTest(new RedisEventStream(client, Prefix), client);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_used)
        {
            return;
        }
        await using var client = Connect();
        var cursor = "0";
        do
        {
            var page = (await client.ExecuteAsync(new("SCAN", cursor, "MATCH", Prefix + "*", "COUNT", "1000"), CancellationToken.None)).AsArray();
            cursor = page[0].AsText();
            var keys = page[1].AsArray().Select(key => key.AsText()).ToArray();
            if (keys.Length > 0)
            {
                await client.ExecuteAsync(new(["DEL", .. keys]), CancellationToken.None);
            }
        }
        while (cursor != "0");
    }
}
