using Orrery.Persistence.Redis;
using Orrery.Streams;
using Orrery.Tests.Shared;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>A redis-server of the test's own that goes away and comes back, and a password-protected one.</summary>
public sealed class RedisReconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_ServerRestarted_InFlightReadFailsClearlyAndLaterCommandsWork()
    {
        await using var server = await PrivateRedisServer.StartAsync();
        var settings = server.Settings with { ReconnectBackoff = TimeSpan.FromMilliseconds(20), MaxReconnectBackoff = TimeSpan.FromMilliseconds(100) };
        await using var client = new RedisClient(settings, TimeProvider.System);
        var log = new RedisEventStream(client);
        await log.AppendAsync("s", Fields("before"), null, Ct);
        var waiting = log.ReadAsync("s", "0-0", 10, TimeSpan.Zero, Ct);
        (await waiting).ShouldHaveSingleItem();
        var blocked = log.ReadAsync("s", "9999999999999-0", 10, TimeSpan.FromSeconds(30), Ct);
        await WaitUntilBlockedAsync(client);

        await server.KillAsync();

        var lost = await Should.ThrowAsync<RedisConnectionException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        lost.Message.ShouldContain("XREAD");
        lost.Message.ShouldContain($"127.0.0.1:{server.Port}");
        await Should.ThrowAsync<RedisConnectionException>(() => log.AppendAsync("s", Fields("while down"), null, Ct));

        await server.StartAsync();

        var id = await RetryAsync(() => log.AppendAsync("s", Fields("after"), null, Ct));
        var entries = await log.ReadAsync("s", "0-0", 10, TimeSpan.Zero, Ct);
        entries.ShouldHaveSingleItem().Id.ShouldBe(id); // the server kept nothing (no persistence): only what came after
        (await log.ReadAsync("s", id, 10, TimeSpan.FromMilliseconds(20), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Client_PasswordInTheConnectionString_LogsInOnEveryConnection()
    {
        await using var server = await PrivateRedisServer.StartAsync(password: "s3cret pass");
        await using var client = new RedisClient(server.Settings, TimeProvider.System);

        (await client.ExecuteAsync(new("PING"), Ct)).AsText().ShouldBe("PONG");
        (await client.ExecuteBlockingAsync(new("XREAD", "BLOCK", "1", "STREAMS", "s", "$"), Ct)).IsNull.ShouldBeTrue();
    }

    [Fact]
    public async Task Client_WrongPassword_FailsClearlyWithoutSayingThePassword()
    {
        await using var server = await PrivateRedisServer.StartAsync(password: "right");
        await using var client = new RedisClient(RedisConnectionSettings.Parse($"127.0.0.1:{server.Port},password=wrong-one"), TimeProvider.System);

        var error = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new("PING"), Ct));

        error.Message.ShouldContain("refused the login");
        error.ToString().ShouldNotContain("wrong-one");
    }

    [Fact]
    public async Task Client_NoPasswordForAProtectedServer_CommandsFailWithNoAuth()
    {
        await using var server = await PrivateRedisServer.StartAsync(password: "right");
        await using var client = new RedisClient(RedisConnectionSettings.Parse($"127.0.0.1:{server.Port}"), TimeProvider.System);

        (await Should.ThrowAsync<RedisServerException>(() => client.ExecuteAsync(new("PING"), Ct))).ErrorCode.ShouldBe("NOAUTH");
    }

    private static Dictionary<string, string> Fields(string value) => new() { ["event_type"] = "test", ["value"] = value };

    /// <summary>Until the server holds a read back: then the kill finds it in flight, not still connecting.</summary>
    private static async Task WaitUntilBlockedAsync(RedisClient client)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var info = (await client.ExecuteAsync(new("INFO", "clients"), Ct)).AsText();
            if (!info.Contains("blocked_clients:0", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(10, Ct);
        }
        throw new TimeoutException("The read never blocked on the server.");
    }

    /// <summary>Retries while the client's reconnect backoff runs, as the health consumer's own backoff does.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(50, Ct);
            }
        }
    }
}
