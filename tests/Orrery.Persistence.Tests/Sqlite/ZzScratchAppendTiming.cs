using System.Diagnostics;
using Orrery.Persistence.Sqlite;

namespace Orrery.Persistence.Tests.Sqlite;

public sealed class ZzScratchAppendTiming
{
    [Fact]
    public async Task Measure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var files = new SqliteTestDatabase();
        await using var database = new SqliteDatabase(files.DatabasePath);
        await new SqliteStoreMigrator(database, TimeProvider.System).MigrateAsync(ct);
        var stream = new SqliteEventStream(database, TimeProvider.System);
        var fields = new Dictionary<string, string> { ["event_type"] = "runtime_snapshot_update", ["game_id"] = Guid.NewGuid().ToString(), ["current_turn"] = "12", ["occurred_at_ms"] = "1790000000000" };
        for (var i = 0; i < 200; i++) await stream.AppendAsync("warm", fields, null, ct);
        foreach (var max in new long?[] { null, 1000 })
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 10_000; i++) await stream.AppendAsync("s" + max, fields, max, ct);
            sw.Stop();
            File.AppendAllText("/tmp/bench/timing.txt", $"{DateTime.UtcNow:T} maxLength={max?.ToString() ?? "null"}: 10000 appends {sw.ElapsedMilliseconds} ms\n");
        }
    }
}
