using Orrery.Persistence.Redis;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>The RESP client against the shared test redis-server: pipelining, error replies, cancellation.</summary>
public sealed class RedisClientTests : IAsyncDisposable
{
    private readonly RedisTestKeyspace _keys = new();
    private readonly RedisClient _client;

    public RedisClientTests() => _client = _keys.Connect();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCallers_EachGetsTheReplyToItsOwnCommand()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(async i =>
            (i, reply: await _client.ExecuteAsync(new("ECHO", $"payload {i} {new string('x', i % 300)}"), Ct))));

        replies.ShouldAllBe(r => r.reply.AsText() == $"payload {r.i} {new string('x', r.i % 300)}");
    }

    [Fact]
    public async Task ExecuteManyAsync_Pipeline_RepliesInCommandOrder()
    {
        var key = _keys.Prefix + "counter";

        var replies = await _client.ExecuteManyAsync(Enumerable.Range(0, 500).Select(_ => new RedisCommand("INCR", key)).ToList(), Ct);

        replies.Select(r => r.AsInteger()).ShouldBe(Enumerable.Range(1, 500).Select(i => (long)i));
    }

    [Fact]
    public async Task ExecuteManyAsync_OneCommandFails_ThrowsItsErrorAndTheOthersRan()
    {
        var (counter, plain) = (_keys.Prefix + "counter", _keys.Prefix + "plain");
        await _client.ExecuteAsync(new("SET", plain, "text"), Ct);

        var error = await Should.ThrowAsync<RedisServerException>(() =>
            _client.ExecuteManyAsync([new("INCR", counter), new("INCR", plain), new("INCR", counter)], Ct));

        error.Command.ShouldBe("INCR");
        error.ErrorCode.ShouldBe("ERR");
        (await _client.ExecuteAsync(new("GET", counter), Ct)).AsText().ShouldBe("2");
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsTypedExceptionAndTheConnectionGoesOn()
    {
        var key = _keys.Prefix + "plain";
        await _client.ExecuteAsync(new("SET", key, "not a stream"), Ct);

        var wrongType = await Should.ThrowAsync<RedisServerException>(() => _client.ExecuteAsync(new("XADD", key, "*", "f", "v"), Ct));
        var busy = await Should.ThrowAsync<RedisBusyGroupException>(async () =>
        {
            await _client.ExecuteAsync(new("XGROUP", "CREATE", _keys.Prefix + "s", "g", "0", "MKSTREAM"), Ct);
            await _client.ExecuteAsync(new("XGROUP", "CREATE", _keys.Prefix + "s", "g", "0", "MKSTREAM"), Ct);
        });
        var noGroup = await Should.ThrowAsync<RedisNoGroupException>(() =>
            _client.ExecuteAsync(new("XREADGROUP", "GROUP", "nope", "c", "STREAMS", _keys.Prefix + "s", ">"), Ct));

        wrongType.ErrorCode.ShouldBe("WRONGTYPE");
        wrongType.Command.ShouldBe("XADD");
        busy.ErrorCode.ShouldBe("BUSYGROUP");
        noGroup.Command.ShouldBe("XREADGROUP");
        (await _client.ExecuteAsync(new("GET", key), Ct)).AsText().ShouldBe("not a stream");
    }

    [Fact]
    public async Task ExecuteAsync_CallerStopsWaiting_LaterCallersStillGetTheirOwnReplies()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // A reply the server holds back 300 ms on the shared connection, abandoned by its caller after 50 ms.
        var abandoned = _client.ExecuteAsync(new("XREAD", "BLOCK", "300", "STREAMS", _keys.Prefix + "never", "$"), cancel.Token);
        var queuedBehind = _client.ExecuteAsync(new("ECHO", "mine"), Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));

        await Should.ThrowAsync<OperationCanceledException>(() => abandoned);

        (await queuedBehind).AsText().ShouldBe("mine");
        (await _client.ExecuteAsync(new("ECHO", "next"), Ct)).AsText().ShouldBe("next");
    }

    [Fact]
    public async Task ExecuteBlockingAsync_Cancelled_ThrowsAndTheSharedConnectionIsNotHeldUp()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var blocked = _client.ExecuteBlockingAsync(new("XREAD", "BLOCK", "0", "STREAMS", _keys.Prefix + "never", "$"), cancel.Token);

        (await _client.ExecuteAsync(new("PING"), Ct)).AsText().ShouldBe("PONG");
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        (await _client.ExecuteBlockingAsync(new("XREAD", "BLOCK", "10", "STREAMS", _keys.Prefix + "never", "$"), Ct)).IsNull.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_NothingListening_ThrowsConnectionExceptionThenFailsFastDuringTheBackoff()
    {
        var settings = RedisConnectionSettings.Parse("127.0.0.1:1") with { ReconnectBackoff = TimeSpan.FromMinutes(1) };
        await using var client = new RedisClient(settings, TimeProvider.System);

        var refused = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new("PING"), Ct));
        var fast = await Should.ThrowAsync<RedisConnectionException>(() => client.ExecuteAsync(new("PING"), Ct));

        refused.Message.ShouldContain("127.0.0.1:1");
        fast.Message.ShouldContain("next attempt");
        fast.InnerException.ShouldBe(refused);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _keys.DisposeAsync();
    }
}
