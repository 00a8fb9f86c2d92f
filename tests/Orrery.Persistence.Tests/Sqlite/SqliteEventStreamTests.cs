using Orrery.Core.Tests.Fakes;
using Orrery.Persistence.Sqlite;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Sqlite;

/// <summary>The embedded event log against the contract, plus what only it promises: ids from an injected clock.</summary>
public sealed class SqliteEventStreamTests : EventStreamContract
{
    private readonly SqliteTestDatabase _file = new();
    private readonly List<SqliteDatabase> _opened = [];

    protected override Task<IEventStream> OpenAsync() => OpenAsync(TimeProvider.System);

    private async Task<IEventStream> OpenAsync(TimeProvider time)
    {
        var database = new SqliteDatabase(_file.DatabasePath);
        _opened.Add(database);
        await new SqliteStoreMigrator(database, time).MigrateAsync(Ct);
        return new SqliteEventStream(database, time);
    }

    protected override async ValueTask DropAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
        await _file.DisposeAsync();
    }

    [Fact]
    public async Task Ids_TakeTheClocksMilliseconds_AndASequenceWithinOne()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
        var stream = await OpenAsync(clock);
        var name = NewStream();

        var sameMillisecond = await AppendAsync(stream, name, 3);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        var later = await stream.AppendAsync(name, Fields("later"), null, Ct);

        sameMillisecond.ShouldBe(["1790000000000-0", "1790000000000-1", "1790000000000-2"]);
        later.ShouldBe("1790000000005-0");
    }

    [Fact]
    public async Task Ids_KeepIncreasing_WhenTheClockStepsBack()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
        var stream = await OpenAsync(clock);
        var name = NewStream();
        await stream.AppendAsync(name, Fields("a"), null, Ct);

        clock.Advance(TimeSpan.FromSeconds(-30)); // an NTP step
        var afterStep = await stream.AppendAsync(name, Fields("b"), null, Ct);

        afterStep.ShouldBe("1790000000000-1");
    }

    [Fact]
    public async Task Retention_NeverExceedsMaxLengthByMoreThanTheSlack()
    {
        var stream = await OpenAsync();
        var name = NewStream();

        for (var i = 0; i < 1_000; i++)
        {
            await stream.AppendAsync(name, Fields(i.ToString()), 200, Ct);
            if (i % 97 == 0)
            {
                (await ReadAllAsync(stream, name)).Count.ShouldBeLessThanOrEqualTo(200 + (int)SqliteEventStream.TrimSlack(200));
            }
        }
    }

    [Fact]
    public async Task A_reader_sees_appends_of_another_process_on_the_same_file()
    {
        var reader = await OpenAsync();
        var writer = await OpenAsync(); // its own SqliteDatabase: no in-process signal reaches the reader
        var name = NewStream();

        var waiting = reader.ReadAsync(name, "0-0", 10, TimeSpan.FromSeconds(30), Ct);
        await Task.Delay(50, Ct);
        var appended = await writer.AppendAsync(name, Fields("elsewhere"), null, Ct);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem().Id.ShouldBe(appended);
    }
}
