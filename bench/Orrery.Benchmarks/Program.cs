using Orrery.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task>>
{
    ["start-latency"] = StartLatencyBenchmark.RunAsync,
    ["accept-throughput"] = AcceptThroughputBenchmark.RunAsync,
    ["health-consumer"] = HealthConsumerBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: Orrery.Benchmarks <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

Console.WriteLine($"# {args[0]} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:u}");
await run(args[1..]);
return 0;
