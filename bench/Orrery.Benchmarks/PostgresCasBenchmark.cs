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
/// health consumer writes), from <see cref="Writers"/> concurrent writers. Baseline: pgbench on the same server
/// and database with as many clients, updating one row by primary key in a copy of the same table.
/// </summary>
internal static class PostgresCasBenchmark
{
    private const int Writers = 4;

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable("ORRERY_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("ORRERY_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set ORRERY_BENCH_POSTGRES (or ORRERY_TEST_POSTGRES) to the connection string of a superuser; a database is created and dropped.");
        var games = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
        var batchSize = args.Length > 2 ? int.Parse(args[2]) : 100;

        var maintenance = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        var database = new NpgsqlConnectionStringBuilder(server) { Database = "orrery_bench_" + Guid.NewGuid().ToString("N")[..12] };
        await ExecuteAsync(maintenance, $"CREATE DATABASE {database.Database}", cancellationToken);
        try
        {
            double oneByOne, batched;
            await using (var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
                .AddPostgresStore(database.ConnectionString)
                .BuildServiceProvider())
            {
                await services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
                await ExecuteAsync(database, SeedSql(games), cancellationToken);
                var runtimes = services.GetRequiredService<IRuntimeStore>();

                // Each run starts from the records as stored: the CAS needs their current versions.
                oneByOne = await UpdatesPerSecondAsync(await runtimes.ListAsync(cancellationToken), duration, 1,
                    async (batch, ct) => [await runtimes.TryUpdateAsync(batch[0], ct)], cancellationToken);
                batched = await UpdatesPerSecondAsync(await runtimes.ListAsync(cancellationToken), duration, batchSize,
                    runtimes.TryUpdateManyAsync, cancellationToken);
            }

            await ExecuteAsync(database, CopyForPgBenchSql, cancellationToken);
            var pgbench = await PgBench.RunAsync(database, PgBenchScript(games), Writers, duration);

            Console.WriteLine($"{games} runtime records, {Writers} writers for {duration.TotalSeconds:0} s each; batches of {batchSize}; " +
                              $"pgbench -M prepared -c {Writers} -j {Writers} on a copy of the table keyed by integer");
            Report.Header();
            Report.Row("CAS updates/s one by one vs pgbench single-row UPDATE tps", oneByOne, pgbench, "/s", "#,0");
            Report.Row($"CAS updates/s batched ({batchSize}) vs pgbench single-row UPDATE tps", batched, pgbench, "/s", "#,0");
        }
        finally
        {
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {database.Database} WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>
    /// Each writer owns a disjoint share of the records, so its CAS never races another writer's, and cycles
    /// through it in batches, each record flipping between two statuses with fresh timestamps.
    /// </summary>
    /// <returns>Records written per second, all writers together.</returns>
    private static async Task<double> UpdatesPerSecondAsync(
        IReadOnlyList<RuntimeRecord> records, TimeSpan duration, int batchSize,
        Func<IReadOnlyList<RuntimeRecord>, CancellationToken, Task<IReadOnlyList<RuntimeRecord?>>> write, CancellationToken cancellationToken)
    {
        var shares = records.Chunk((records.Count + Writers - 1) / Writers).Select(s => s.ToArray()).ToArray();
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

    private static string SeedSql(int games) => $"""
        INSERT INTO games (id, target_engine_version, turn_schedule, created_at, updated_at)
        SELECT gen_random_uuid(), '1.0.0', '0 0 * * *', now(), now() FROM generate_series(1, {games});
        INSERT INTO runtime_records (game_id, status, engine_id, engine_endpoint, turn_schedule, current_turn, paused, skip_next_tick,
                                     status_changed_at, updated_at, version)
        SELECT id, 'running', 'engine-' || id, 'http://127.0.0.1:9/', '0 0 * * *', 0, false, false, now(), now(), 1 FROM games;
        ANALYZE;
        """;

    // The same rows, keyed by an integer pgbench can draw at random.
    private const string CopyForPgBenchSql = """
        CREATE TABLE bench_runtime AS SELECT row_number() OVER ()::integer AS id, r.* FROM runtime_records r;
        ALTER TABLE bench_runtime ADD PRIMARY KEY (id);
        ANALYZE bench_runtime;
        """;

    private static string PgBenchScript(int games) => $"""
        \set id random(1, {games})
        UPDATE bench_runtime SET status = 'running', status_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = :id;

        """;

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
