using Orrery.Cluster;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orrery.Persistence.Postgres;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// Runtime status changes per second through <see cref="IRuntimeStore"/> on PostgreSQL, each a compare-and-swap
/// of the whole record: one at a time (<c>TryUpdateAsync</c>) and batched (<c>TryUpdateManyAsync</c>, as the
/// health consumer writes), from concurrent writers (4 unless told). Baseline: pgbench on the same server
/// and database with as many clients, updating one row by primary key in a copy of the same table.
/// </summary>
internal static class PostgresCasBenchmark
{
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
        var batchSize = args.Length > 2 ? int.Parse(args[2]) : 100;
        var writers = args.Length > 3 ? int.Parse(args[3]) : 4;
        var rounds = args.Length > 4 ? int.Parse(args[4]) : 3;

        await using var temporary = await TemporaryPostgresDatabase.CreateAsync(cancellationToken);
        var database = temporary.Connection;
        await using var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddMetrics()
            .AddPostgresStore(database.ConnectionString)
            .AddShardOwnership()
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        await services.GetRequiredService<ShardOwnership>().AcquireAllAsync(ShardOwner.Standalone, cancellationToken);
        await temporary.ExecuteAsync(SeedSql(games), cancellationToken);
        await temporary.ExecuteAsync(CopyForPgBenchSql, cancellationToken);
        var runtimes = services.GetRequiredService<IRuntimeStore>();

        // The four measures take turns, round after round, and each reports its median: on a shared machine
        // whose load drifts, a ratio of figures taken minutes apart would measure the drift.
        var (oneByOne, batched, singleRow, casStatement) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Each run starts from the records as stored: the CAS needs their current versions.
            oneByOne.Add(await UpdatesPerSecondAsync(await runtimes.ListAsync(cancellationToken), writers, duration, 1,
                async (batch, ct) => [await runtimes.TryUpdateAsync(batch[0], ct)], cancellationToken));
            singleRow.Add(await PgBench.RunAsync(database, SingleRowUpdateScript(games), writers, duration));
            batched.Add(await UpdatesPerSecondAsync(await runtimes.ListAsync(cancellationToken), writers, duration, batchSize,
                runtimes.TryUpdateManyAsync, cancellationToken));
            casStatement.Add(await PgBench.RunAsync(database, CasStatementScript(games), writers, duration));
        }

        Console.WriteLine($"{games} runtime records, {writers} writers; {rounds} rounds of {duration.TotalSeconds:0} s per measure, medians; " +
                          $"batches of {batchSize}; pgbench -M prepared -c {writers} -j {writers} on a copy of the table keyed by integer");
        Report.Header();
        Report.Row("CAS updates/s one by one vs pgbench single-row UPDATE tps", Median(oneByOne), Median(singleRow), "/s", "#,0");
        Report.Row($"CAS updates/s batched ({batchSize}) vs pgbench single-row UPDATE tps", Median(batched), Median(singleRow), "/s", "#,0");
        Report.Row("CAS updates/s one by one vs pgbench running the same CAS statement", Median(oneByOne), Median(casStatement), "/s", "#,0");
    }

    /// <summary>
    /// Each writer owns a disjoint share of the records, so its CAS never races another writer's, and cycles
    /// through it in batches, each record flipping between two statuses with fresh timestamps.
    /// </summary>
    /// <returns>Records written per second, all writers together.</returns>
    private static async Task<double> UpdatesPerSecondAsync(
        IReadOnlyList<RuntimeRecord> records, int writers, TimeSpan duration, int batchSize,
        Func<IReadOnlyList<RuntimeRecord>, CancellationToken, Task<IReadOnlyList<RuntimeRecord?>>> write, CancellationToken cancellationToken)
    {
        var shares = records.Chunk((records.Count + writers - 1) / writers).Select(s => s.ToArray()).ToArray();
        var clock = Stopwatch.StartNew();
        var written = await Task.WhenAll(shares.Select(share => Task.Run(async () =>
        {
            long count = 0;
            for (var next = 0; clock.Elapsed < duration; next = (next + batchSize) % share.Length)
            {
                var now = DateTimeOffset.UtcNow;
                var indexes = Enumerable.Range(next, Math.Min(batchSize, share.Length - next)).ToArray();
                var changed = indexes.Select(i => share[i] with
                {
                    Status = share[i].Status == RuntimeStatus.Running ? RuntimeStatus.GenerationInProgress : RuntimeStatus.Running,
                    StatusChangedAt = now,
                    UpdatedAt = now,
                }).ToList();
                var saved = await write(changed, cancellationToken);
                for (var j = 0; j < indexes.Length; j++)
                {
                    share[indexes[j]] = saved[j] ?? throw new InvalidOperationException($"The CAS of game {changed[j].GameId} lost, with no other writer.");
                }
                count += indexes.Length;
            }
            return count;
        }, cancellationToken)));
        return written.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static double Median(IReadOnlyList<double> samples) => Report.Percentile(samples, 50);

    private static string SeedSql(int games) => $"""
        INSERT INTO games (id, target_engine_version, turn_schedule, created_at, updated_at)
        SELECT gen_random_uuid(), '1.0.0', '0 0 * * *', now(), now() FROM generate_series(1, {games});
        INSERT INTO runtime_records (game_id, status, engine_id, engine_endpoint, turn_schedule, current_turn, paused, skip_next_tick,
                                     status_changed_at, updated_at, version)
        SELECT id, 'running', 'engine-' || id, 'http://127.0.0.1:9/', '0 0 * * *', 0, false, false, now(), now(), 1 FROM games;
        ANALYZE;
        """;

    // The same rows and indexes, keyed by an integer pgbench can draw at random.
    private const string CopyForPgBenchSql = """
        CREATE TABLE bench_runtime AS SELECT row_number() OVER ()::integer AS id, r.* FROM runtime_records r;
        ALTER TABLE bench_runtime ADD PRIMARY KEY (id), ADD UNIQUE (game_id);
        CREATE INDEX bench_runtime_status ON bench_runtime (status);
        ANALYZE bench_runtime;
        """;

    /// <summary>The baseline: a plain single-row UPDATE by primary key, of the status and two timestamps.</summary>
    private static string SingleRowUpdateScript(int games) => $"""
        \set id random(1, {games})
        UPDATE bench_runtime SET status = 'running', status_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = :id;

        """;

    /// <summary>Orrery's CAS statement, bare: every column written, the version checked, the row returned.</summary>
    private static string CasStatementScript(int games)
    {
        var assignments = string.Join(", ", TableColumnsWritten.Select(c => c switch
        {
            "status" => "status = CASE WHEN status = 'running' THEN 'generation_in_progress' ELSE 'running' END",
            "status_changed_at" or "updated_at" => $"{c} = now()",
            _ => $"{c} = {c}",
        }));
        return $"""
            \set id random(1, {games})
            UPDATE bench_runtime SET {assignments}, version = version + 1 WHERE id = :id AND version = version RETURNING *;

            """;
    }

    // Every column of runtime_records but the key and the version, as the store's CAS writes them.
    private static readonly string[] TableColumnsWritten =
    [
        "status", "engine_id", "image_ref", "engine_version", "engine_endpoint", "state_path", "network", "turn_schedule",
        "current_turn", "engine_health", "paused", "paused_at", "skip_next_tick", "next_turn_at", "started_at", "stopped_at",
        "finished_at", "last_observed_at", "status_changed_at", "updated_at", "last_health_event", "last_health_event_at",
    ];
}
