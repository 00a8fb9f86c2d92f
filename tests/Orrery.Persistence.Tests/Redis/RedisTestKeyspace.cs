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
    public string Prefix { get; } = $"orrery-test:{Guid.NewGuid():N}:";

    public static RedisConnectionSettings Settings => RedisConnectionSettings.Parse(TestServers.Redis);

    /// <summary>A client of its own: a second call is another process (or the node restarted once the first is disposed).</summary>
    public static RedisClient Connect() => new(Settings, TimeProvider.System);

    public EventStreamUnderTest OpenEventStream()
    {
        var client = Connect();
        return new EventStreamUnderTest(new RedisEventStream(client, Prefix), client);
    }

    public async ValueTask DisposeAsync()
    {
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
