using Orrery.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], CancellationToken, Task>>
{
    ["start-latency"] = (args, _) => StartLatencyBenchmark.RunAsync(args),
    ["accept-throughput"] = (args, _) => AcceptThroughputBenchmark.RunAsync(args),
    ["health-consumer"] = HealthConsumerBenchmark.RunEmbeddedAsync,
    ["health-consumer-redis"] = HealthConsumerBenchmark.RunRedisPostgresAsync,
    ["redis-streams"] = RedisStreamsBenchmark.RunAsync,
    ["turns-real"] = TurnsRealBenchmark.RunAsync,
    ["turns-stub"] = TurnsStubBenchmark.RunAsync,
    ["docker-start"] = DockerStartBenchmark.RunAsync,
    ["pg-cas"] = PostgresCasBenchmark.RunAsync,
    ["reconcile"] = ReconcileBenchmark.RunAsync,
    ["dashboard"] = DashboardBenchmark.RunAsync,
    ["failover"] = FailoverBenchmark.RunAsync,
    ["cluster-scale"] = ClusterScaleBenchmark.RunAsync,
    ["event-feed"] = EventFeedBenchmark.RunAsync,
    ["live-fanout"] = LiveFanoutBenchmark.RunAsync,
    ["live-clients"] = LiveClients.RunAsync,
    ["live-pools"] = LivePoolsBenchmark.RunAsync,
    ["spex-checker"] = SpexCheckerBenchmark.RunAsync,
    ["spec-instances"] = SpecInstancesBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: Orrery.Benchmarks <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

Console.WriteLine($"# {args[0]} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:u}, {LoadAverage()}");
using var interruption = new Interruption();
try
{
    await run(args[1..], interruption.Token);
}
catch (OperationCanceledException) when (interruption.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted; engines cleaned up");
    return 130;
}
finally
{
    EngineReaper.KillAll();
    Console.WriteLine($"# done {DateTime.UtcNow:u}, {LoadAverage()}");
}
return 0;

// Figures on a shared 2-core machine mean little if something else ran meanwhile: each run says how busy it was.
static string LoadAverage() => File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "";
