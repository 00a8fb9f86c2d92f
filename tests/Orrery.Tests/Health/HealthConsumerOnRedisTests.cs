using System.Diagnostics;
using Orrery.Health;
using Orrery.Runtime;
using Orrery.Streams;
using Orrery.Tests.Shared;

namespace Orrery.Tests.Health;

/// <summary>
/// The health events consumer in production mode, against real servers of the tests' own: Redis killed and
/// restarted mid-stream, PostgreSQL stopped and restarted mid-stream, a replica dying with a batch pending, and
/// an entry written by redis-cli. Each test has its own redis-server; they share one PostgreSQL cluster.
/// </summary>
public sealed class HealthConsumerOnRedisTests(HealthConsumerOnRedisTests.Cluster cluster) : IClassFixture<HealthConsumerOnRedisTests.Cluster>
{
    private const int Games = 20;
    private const int EventsPerPhase = 1_500;
    private const int OutageBatchSize = 20;
    private const int BatchFailedEvent = 5202;
    private const int ClaimedEvent = 5211;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private static readonly HealthEventType[] Types = Enum.GetValues<HealthEventType>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The tests' PostgreSQL cluster, started by the first test that needs it (so a missing binary skips that
    /// test). The outage test stops and starts it, which the others, run one after another, never see.
    /// </summary>
    public sealed class Cluster : IAsyncDisposable
    {
        private PrivatePostgresCluster? _postgres;

        internal async Task<PrivatePostgresCluster> StartedAsync() => _postgres ??= await PrivatePostgresCluster.CreateAsync();

        public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Redis_killed_and_restarted_mid_stream_loses_nothing_and_the_consumer_recovers_by_itself()
    {
        var postgres = await cluster.StartedAsync();
        await using var redis = await PrivateRedisServer.StartAsync(durable: true); // appendfsync always: what it acknowledged survives the kill

        // The kill may fall after Redis wrote an XACK to its log and before it answered: that batch is acknowledged
        // for good, yet the consumer saw an error and does not count it (nothing is pending to acknowledge again).
        // The consumer sends one XACK at a time, so at most one batch goes uncounted.
        await ConsumeThroughOutageAsync(postgres, redis, uncountedAcknowledgements: OutageBatchSize, async (replica, script) =>
        {
            await redis.KillAsync();
            await replica.Logged.WaitForAsync(BatchFailedEvent, Generous, Ct);
            await redis.StartAsync();
            await RetryAsync(() => replica.Stream.GetOffsetAsync(StreamNames.HealthEvents, "probe", Ct)); // reconnected
            await script.AppendPhaseAsync(replica.Stream, Ct);
        });
    }

    [Fact]
    public async Task Postgres_stopped_and_restarted_mid_stream_loses_nothing_and_the_consumer_recovers_by_itself()
    {
        var postgres = await cluster.StartedAsync();
        await using var redis = await PrivateRedisServer.StartAsync();
        await ConsumeThroughOutageAsync(postgres, redis, uncountedAcknowledgements: 0, async (replica, script) =>
        {
            await postgres.StopAsync();
            await script.AppendPhaseAsync(replica.Stream, Ct); // events keep coming while the store is down
            await replica.Logged.WaitForAsync(BatchFailedEvent, Generous, Ct);
            await postgres.StartAsync();
        });
    }

    /// <summary>
    /// A replica's background loop consumes a first phase of events in small batches; once it has applied some,
    /// <paramref name="outage"/> takes a server away, appends a second phase and brings the server back. Then
    /// every event must have been applied exactly once in effect, and acknowledged.
    /// </summary>
    /// <param name="uncountedAcknowledgements">How many acknowledgements the outage may have taken effect without their answer reaching the consumer.</param>
    private static async Task ConsumeThroughOutageAsync(
        PrivatePostgresCluster postgres, PrivateRedisServer redis, int uncountedAcknowledgements, Func<ConsumerReplica, Script, Task> outage)
    {
        await using var replica = await ConsumerReplica.StartAsync(postgres.ConnectionString, redis.ConnectionString, "replica-a", TimeSpan.FromSeconds(30), batchSize: OutageBatchSize);
        var script = await Script.CreateAsync(replica, Ct);
        await script.AppendPhaseAsync(replica.Stream, Ct);
        await replica.Consumer.StartAsync(Ct);
        await WaitUntilAsync(() => script.AnyAppliedAsync(replica, Ct), "the consumer applied a first batch");

        await outage(replica, script);

        await WaitUntilAsync(() => script.DoneAsync(replica, redis, Ct), "every game's last event applied and acknowledged");
        await replica.Consumer.StopAsync(Ct);
        await script.ShouldBeAppliedExactlyAsync(replica, redis, uncountedAcknowledgements, Ct);
    }

    [Fact]
    public async Task A_batch_left_pending_by_a_replica_that_died_before_acknowledging_is_claimed_and_applied_by_another()
    {
        var postgres = await cluster.StartedAsync();
        await using var redis = await PrivateRedisServer.StartAsync();
        var claimIdle = TimeSpan.FromSeconds(3);
        await using var a = await ConsumerReplica.StartAsync(postgres.ConnectionString, redis.ConnectionString, "replica-a", claimIdle);
        await using var b = await ConsumerReplica.StartAsync(postgres.ConnectionString, redis.ConnectionString, "replica-b", claimIdle);
        var script = await Script.CreateAsync(b, Ct);
        await script.AppendPhaseAsync(b.Stream, Ct);

        var taken = await a.Feed.NextBatchAsync(EventsPerPhase, TimeSpan.Zero, Ct);
        await a.DisposeAsync(); // dies holding the whole stream, unacknowledged
        taken.Count.ShouldBe(EventsPerPhase);
        (await b.Consumer.ProcessNextBatchAsync(TimeSpan.Zero, Ct)).ShouldBe(0, "everything is pending for replica-a, and not idle long enough yet");

        // A claim takes what has idled long enough, which may be part of the batch at first (Redis times each delivery).
        await WaitUntilAsync(async () =>
        {
            await b.Consumer.ProcessNextBatchAsync(TimeSpan.Zero, Ct);
            return await script.DoneAsync(b, redis, Ct);
        }, "replica-b claimed and applied the batch");

        b.Logged.Count(ClaimedEvent).ShouldBeGreaterThan(0);
        await script.ShouldBeAppliedExactlyAsync(b, redis, uncountedAcknowledgements: 0, Ct);
    }

    [Fact]
    public async Task An_entry_written_by_redis_cli_is_consumed_like_Orrerys_own()
    {
        var postgres = await cluster.StartedAsync();
        await using var redis = await PrivateRedisServer.StartAsync();
        await using var replica = await ConsumerReplica.StartAsync(postgres.ConnectionString, redis.ConnectionString, "replica-a", TimeSpan.FromSeconds(30));
        var gameId = await replica.AddRunningGameAsync(Ct);

        await RedisCliAsync(redis, "XADD", StreamNames.HealthEvents, "*", "game_id", $"{gameId}", "container_id", $"engine-{gameId:N}",
            "event_type", "container_oom", "occurred_at_ms", "1700000000000");
        (await replica.Consumer.ProcessNextBatchAsync(TimeSpan.FromSeconds(5), Ct)).ShouldBe(1);

        var record = await replica.RecordAsync(gameId, Ct);
        record.Status.ShouldBe(RuntimeStatus.EngineUnreachable);
        record.EngineHealth.ShouldBe("oom");
        record.LastHealthEvent.ShouldBe("container_oom");
        record.LastHealthEventAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        (await PendingAsync(redis)).ShouldBe("0", "acknowledged once applied");
        var update = (await replica.Stream.ReadAsync(StreamNames.LobbyEvents, "0-0", 10, TimeSpan.Zero, Ct)).ShouldHaveSingleItem().Fields;
        update["event_type"].ShouldBe("runtime_snapshot_update");
        update["runtime_status"].ShouldBe("engine_unreachable");
    }

    /// <summary>
    /// Random events for <see cref="Games"/> running games, each with its own, increasing occurrence time, and what
    /// applying each exactly once, in order, leaves behind. A lost event, a stale batch applied again after later
    /// ones, or one applied out of order shows as a record that differs from it.
    /// </summary>
    private sealed class Script
    {
        private readonly Guid[] _games;
        private readonly Random _random = new(20261129);
        private readonly Dictionary<Guid, RuntimeRecord> _expected = new();
        private readonly List<string> _ids = [];
        private long _occurredAtMs = 1_800_000_000_000;

        private Script(Guid[] games, IEnumerable<RuntimeRecord> records)
        {
            _games = games;
            foreach (var record in records)
            {
                _expected[record.GameId] = record;
            }
        }

        public static async Task<Script> CreateAsync(ConsumerReplica replica, CancellationToken cancellationToken)
        {
            var games = new Guid[Games];
            var records = new List<RuntimeRecord>();
            for (var i = 0; i < games.Length; i++)
            {
                games[i] = await replica.AddRunningGameAsync(cancellationToken);
                records.Add(await replica.RecordAsync(games[i], cancellationToken));
            }
            return new Script(games, records);
        }

        /// <summary>Appends <see cref="EventsPerPhase"/> events, as one pipelined batch (the monitor's way).</summary>
        public async Task AppendPhaseAsync(IEventStream stream, CancellationToken cancellationToken)
        {
            var entries = new List<IReadOnlyDictionary<string, string>>(EventsPerPhase);
            for (var i = 0; i < EventsPerPhase; i++)
            {
                var gameId = _games[_random.Next(_games.Length)];
                // One in ten about an engine the game no longer runs: applying it would show as a record that differs.
                var engineId = _random.Next(10) == 0 ? "replaced-engine" : _expected[gameId].EngineId;
                var healthEvent = new HealthEvent(gameId, engineId, Types[_random.Next(Types.Length)], DateTimeOffset.FromUnixTimeMilliseconds(++_occurredAtMs));
                _expected[gameId] = RuntimeChanges.ApplyHealthEvent(_expected[gameId], healthEvent, DateTimeOffset.UtcNow);
                entries.Add(HealthEventCodec.Encode(healthEvent));
            }
            _ids.AddRange(await stream.AppendManyAsync(StreamNames.HealthEvents, entries, null, cancellationToken));
        }

        /// <summary>Whether any event was applied yet.</summary>
        public async Task<bool> AnyAppliedAsync(ConsumerReplica replica, CancellationToken cancellationToken)
        {
            foreach (var gameId in _games)
            {
                if ((await replica.RecordAsync(gameId, cancellationToken)).LastHealthEventAt is not null)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Whether every game's last event so far was applied and nothing is left pending.</summary>
        public async Task<bool> DoneAsync(ConsumerReplica replica, PrivateRedisServer redis, CancellationToken cancellationToken) =>
            await AppliedGamesAsync(replica, cancellationToken) == Games && await PendingAsync(redis) == "0";

        /// <summary>How many games have had their last event so far applied.</summary>
        public async Task<int> AppliedGamesAsync(ConsumerReplica replica, CancellationToken cancellationToken)
        {
            var applied = 0;
            foreach (var gameId in _games)
            {
                applied += (await replica.RecordAsync(gameId, cancellationToken)).LastHealthEventAt == _expected[gameId].LastHealthEventAt ? 1 : 0;
            }
            return applied;
        }

        public async Task ShouldBeAppliedExactlyAsync(ConsumerReplica replica, PrivateRedisServer redis, int uncountedAcknowledgements, CancellationToken cancellationToken)
        {
            foreach (var gameId in _games)
            {
                var record = await replica.RecordAsync(gameId, cancellationToken);
                var expected = _expected[gameId];
                (record.Status, record.EngineHealth, record.LastHealthEvent, record.LastHealthEventAt)
                    .ShouldBe((expected.Status, expected.EngineHealth, expected.LastHealthEvent, expected.LastHealthEventAt), $"game {gameId}");
            }
            (await PendingAsync(redis)).ShouldBe("0", "every entry acknowledged");
            replica.Acknowledged.ShouldBeGreaterThanOrEqualTo(_ids.Count - uncountedAcknowledgements,
                "each entry acknowledged after it was applied, none before (a batch applied again counts again)");
            var groups = await RedisCliAsync(redis, "XINFO", "GROUPS", StreamNames.HealthEvents);
            groups.ShouldContain(_ids[^1], Case.Sensitive, "the group was delivered the last entry");
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Generous);
        try
        {
            while (!await condition())
            {
                await Task.Delay(20, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Not within {Generous}: {what}.");
        }
    }

    /// <summary>Repeats <paramref name="action"/> until the server answers again (the client reconnects on its own).</summary>
    private static Task RetryAsync(Func<Task> action) => WaitUntilAsync(async () =>
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }, "Redis answers again");

    /// <summary>How many entries of the group are pending (XPENDING's summary count).</summary>
    private static async Task<string> PendingAsync(PrivateRedisServer redis) =>
        (await RedisCliAsync(redis, "XPENDING", StreamNames.HealthEvents, "orrery")).Split('\n')[0];

    private static async Task<string> RedisCliAsync(PrivateRedisServer redis, params string[] arguments)
    {
        var start = new ProcessStartInfo(redis.CliBinary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", $"{redis.Port}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync(Ct));
        return output.Trim();
    }
}
