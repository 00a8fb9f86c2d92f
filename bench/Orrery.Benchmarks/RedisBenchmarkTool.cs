using System.Diagnostics;
using System.Globalization;
using Orrery.Persistence.Redis;

namespace Orrery.Benchmarks;

/// <summary>
/// redis-benchmark, the baseline of the Redis figures: Redis's own C client loop, which writes commands and
/// reads replies without decoding them into objects, so it measures the server and the loopback.
/// </summary>
internal static class RedisBenchmarkTool
{
    /// <returns>Requests per second, from the <c>rps</c> column of its CSV output.</returns>
    public static async Task<double> RequestsPerSecondAsync(
        RedisConnectionSettings server, int requests, int clients, int pipeline, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] options = ["-h", server.Host, "-p", $"{server.Port}", "-n", $"{requests}", "-c", $"{clients}", "-P", $"{pipeline}", "--csv"];
        foreach (var argument in options.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }
        if (server.Password is not null)
        {
            start.ArgumentList.Add("-a"); // a local benchmark server; never a production one
            start.ArgumentList.Add(server.Password);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-benchmark.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        // "test","rps",... then "XADD s * f v","176991.16",...
        var row = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault();
        var rps = row?.Split(',').ElementAtOrDefault(1)?.Trim('"');
        return process.ExitCode == 0 && double.TryParse(rps, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"redis-benchmark failed (exit {process.ExitCode}): {await errors}{await output}");
    }
}
