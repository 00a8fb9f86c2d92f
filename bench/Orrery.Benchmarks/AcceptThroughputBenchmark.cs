using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace Orrery.Benchmarks;

/// <summary>
/// Start requests accepted per second (HTTP -> validation -> durable operation row -> 202) beside a raw
/// SQLite loop inserting the same number of operation rows with a prepared statement, one transaction each.
/// </summary>
internal static class AcceptThroughputBenchmark
{
    private const int Concurrency = 16;

    public static async Task RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0]) : 5_000;

        var raw = RawInsertLoop(requests);

        double orrery, healthz, reads;
        await using (var node = await NodeUnderTest.StartAsync("--Orrery:Lifecycle:QueueCapacity=1000000"))
        {
            // The workers take accepted starts as they would in production, where a start takes a while: the
            // "engine" is a process that never answers healthz, so each worker holds one game for the healthz
            // deadline while intake is measured, and only a handful of processes are spawned.
            (await node.Http.PutAsJsonAsync("engine-versions/9.0.0", new { imageRef = "/bin/sleep 600" })).EnsureSuccessStatusCode();
            var games = new Guid[requests];
            await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (i, _) => games[i] = await node.RegisterGameAsync("9.0.0"));

            // Context: what the same client gets from the node for no work at all, and for a plain read.
            healthz = await RateAsync(requests, (i, ct) => node.Http.GetAsync("/healthz", ct));
            reads = await RateAsync(requests, (i, ct) => node.Http.GetAsync($"games/{games[i]}", ct));

            var accepted = 0;
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
            {
                using var response = await node.Http.PostAsync($"games/{games[i]}/start", null, ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            });
            orrery = accepted / clock.Elapsed.TotalSeconds;
            if (accepted != requests)
            {
                Console.WriteLine($"warning: {requests - accepted} requests were not accepted");
            }
        }

        Console.WriteLine($"{requests} start requests, {Concurrency} concurrent clients; raw loop single-threaded");
        Report.Header();
        Report.Row("accepted starts/s vs raw inserts/s", orrery, raw, "/s");
        Report.Row("accepted starts/s vs GET /healthz/s (HTTP floor, same client)", orrery, healthz, "/s");
        Report.Row("accepted starts/s vs GET game/s (HTTP + reads)", orrery, reads, "/s");
    }

    private static async Task<double> RateAsync(int count, Func<int, CancellationToken, Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            using var response = await call(i, ct);
            response.EnsureSuccessStatusCode();
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The floor: the same rows straight into SQLite with the node's pragmas.</summary>
    private static double RawInsertLoop(int rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("orrery-bench-raw-").FullName, "raw.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=True");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE operations (id TEXT PRIMARY KEY, game_id TEXT NOT NULL, op TEXT NOT NULL, source TEXT NOT NULL,
                  status TEXT NOT NULL, idempotency_key TEXT, created_at INTEGER NOT NULL);
                CREATE INDEX operations_game ON operations (game_id);
                CREATE UNIQUE INDEX operations_idempotency ON operations (idempotency_key) WHERE idempotency_key IS NOT NULL;
                """;
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO operations (id, game_id, op, source, status, created_at) VALUES ($id, $game, 'start', 'lobby', 'queued', $at)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var game = insert.Parameters.Add("$game", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        insert.Prepare();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rows; i++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            id.Value = Guid.NewGuid().ToString();
            game.Value = Guid.NewGuid().ToString();
            at.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        return rows / clock.Elapsed.TotalSeconds;
    }
}
