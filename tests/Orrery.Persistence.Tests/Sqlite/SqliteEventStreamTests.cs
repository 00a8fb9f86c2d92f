using Dapper;
using Orrery.Persistence.Sqlite;
using Orrery.Persistence.Tests.Contracts;

namespace Orrery.Persistence.Tests.Sqlite;

/// <summary>The embedded event log against the contract, plus what only it promises: ids from the injected clock, exact retention, polling.</summary>
public sealed class SqliteEventStreamTests : EventStreamContract
{
    private readonly SqliteTestDatabase _file = new();
    private static readonly long Epoch = TestData.Epoch.ToUnixTimeMilliseconds();

    protected override Task<EventStreamUnderTest> OpenDatabaseAsync() => _file.OpenEventStreamAsync(Clock);

    protected override ValueTask DropDatabaseAsync() => _file.DisposeAsync();

    [Fact]
    public async Task AppendAsync_Ids_AreTheClocksMillisecondsWithASequenceWithinOne()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();

        var sameMillisecond = await AppendAsync(log, name, 3);
        MoveClock(TimeSpan.FromMilliseconds(5));
        var later = await log.AppendAsync(name, Fields("later"), null, Ct);

        sameMillisecond.ShouldBe([$"{Epoch}-0", $"{Epoch}-1", $"{Epoch}-2"]);
        later.ShouldBe($"{Epoch + 5}-0");
    }

    [Fact]
    public async Task AppendAsync_ClockStepsBack_ContinuesTheLastMillisecond()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        await log.AppendAsync(name, Fields("a"), null, Ct);

        MoveClock(TimeSpan.FromSeconds(-30));
        var afterStep = await AppendAsync(log, name, 2);

        afterStep.ShouldBe([$"{Epoch}-1", $"{Epoch}-2"]);
    }

    [Fact]
    public async Task AppendAsync_ReopenedWithTheClockBehind_ContinuesFromTheStoredHead()
    {
        var first = await OpenAsync();
        var name = NewStream();
        await AppendAsync(first.Stream, name, 2);
        await CloseAsync(first);
        MoveClock(TimeSpan.FromHours(-1));

        var reopened = await OpenStreamAsync();

        (await reopened.AppendAsync(name, Fields("after"), null, Ct)).ShouldBe($"{Epoch}-2");
    }

    [Fact]
    public async Task AppendAsync_MaxLength_NeverExceedsTheTrimSlack()
    {
        const long MaxLength = 200;
        var log = await OpenStreamAsync();
        var name = NewStream();

        for (var appended = 1; appended <= 1_000; appended++)
        {
            await log.AppendAsync(name, Fields($"{appended}"), MaxLength, Ct);
            if (appended % 25 == 0)
            {
                (await ReadAllAsync(log, name)).Count.ShouldBeInRange((int)Math.Min(appended, MaxLength), (int)(MaxLength + SqliteEventStream.TrimSlack(MaxLength)));
            }
        }
    }

    [Fact]
    public async Task AppendAsync_TwoProcessesWithMaxLength_StayWithinTheSlackTogether()
    {
        const long MaxLength = 50;
        var (one, two) = (await OpenStreamAsync(), await OpenStreamAsync());
        var name = NewStream();

        for (var i = 0; i < 300; i++)
        {
            await (i % 2 == 0 ? one : two).AppendAsync(name, Fields($"{i}"), MaxLength, Ct);
        }

        (await ReadAllAsync(one, name)).Count.ShouldBeInRange((int)MaxLength, (int)(MaxLength + SqliteEventStream.TrimSlack(MaxLength)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(200, 20)]
    [InlineData(100_000, 1_000)]
    [InlineData(10_000_000, 1_000)]
    public void TrimSlack_MaxLength_IsATenthBetweenOneAndAThousand(long maxLength, long slack) =>
        SqliteEventStream.TrimSlack(maxLength).ShouldBe(slack);

    [Fact]
    public async Task ReadAsync_WaitingReader_IsWokenByAnAppendOfThisProcessWithoutPolling()
    {
        var log = (await _file.OpenEventStreamAsync(Clock, pollInterval: TimeSpan.FromHours(1))).Stream;
        var name = NewStream();

        // Microsoft.Data.Sqlite runs the first query synchronously: the reader is already waiting here.
        var waiting = log.ReadAsync(name, "0-0", 10, TimeSpan.FromHours(1), Ct);
        waiting.IsCompleted.ShouldBeFalse();
        var appended = await log.AppendAsync(name, Fields("now"), null, Ct);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem().Id.ShouldBe(appended);
    }

    [Fact]
    public async Task ReadAsync_AppendOfAnotherProcessOnTheFile_IsSeenByPolling()
    {
        var reader = await OpenStreamAsync();
        var writer = await OpenStreamAsync(); // its own SqliteDatabase: no in-process signal reaches the reader
        var name = NewStream();

        var waiting = reader.ReadAsync(name, "0-0", 10, TimeSpan.FromSeconds(30), Ct);
        waiting.IsCompleted.ShouldBeFalse();
        var appended = await writer.AppendAsync(name, Fields("elsewhere"), null, Ct);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem().Id.ShouldBe(appended);
    }

    [Fact]
    public async Task ReadAsync_Query_SearchesARangeOfThePrimaryKey()
    {
        await OpenStreamAsync();
        await using var database = new SqliteDatabase(_file.DatabasePath);

        var plan = await database.ReadAsync(c => c.QueryAsync<(long, long, long, string Detail)>(new CommandDefinition(
            "EXPLAIN QUERY PLAN " + SqliteEventStream.ReadSql, new { Stream = "s", Ms = 1L, Seq = 0L, Count = 10 }, cancellationToken: Ct)), Ct);

        plan.ShouldHaveSingleItem().Detail.ShouldBe("SEARCH stream_entries USING PRIMARY KEY (stream=? AND (ms,seq)>(?,?))");
    }

    [Fact]
    public async Task MigrateAsync_StreamsWrittenBeforeStreamHeads_GetTheirLastIdAndLength()
    {
        await using var database = new SqliteDatabase(_file.DatabasePath);
        await database.WriteAsync(async c =>
        {
            await c.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)");
            foreach (var migration in SchemaMigration.Sqlite.Where(m => m.Version <= 2))
            {
                await c.ExecuteAsync(migration.Sql);
                await c.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, 0)", new { migration.Version });
            }
            return await c.ExecuteAsync("""
                INSERT INTO stream_entries (stream, ms, seq, fields) VALUES
                    ('s', 5, 0, '{}'), ('s', 5, 1, '{}'), ('s', 7, 0, '{}'), ('t', 3, 4, '{}')
                """);
        }, Ct);

        (await new SqliteStoreMigrator(database, Clock).MigrateAsync(Ct)).ShouldContain(3);

        var heads = await database.ReadAsync(c => c.QueryAsync<(string, long, long, long)>(
            "SELECT stream, last_ms, last_seq, entry_count FROM stream_heads ORDER BY stream"), Ct);
        heads.ShouldBe([("s", 7L, 0L, 3L), ("t", 3L, 4L, 1L)]);
    }
}
