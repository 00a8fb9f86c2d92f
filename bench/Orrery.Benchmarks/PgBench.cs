using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Orrery.Benchmarks;

/// <summary>
/// PostgreSQL's own pgbench, run on a custom script against the same server and database as Orrery's figure:
/// the server's rate for the bare statement, with no client library or store in the way.
/// </summary>
internal static partial class PgBench
{
    /// <summary>pgbench of the PostgreSQL 15 packages, unless <c>PGBENCH</c> names another.</summary>
    private static string Executable => Environment.GetEnvironmentVariable("PGBENCH") is { Length: > 0 } path ? path : "/usr/lib/postgresql/15/bin/pgbench";

    /// <returns>Transactions per second, as pgbench reports them (without connection time).</returns>
    public static async Task<double> RunAsync(NpgsqlConnectionStringBuilder connection, string script, int clients, TimeSpan duration)
    {
        var scriptFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(scriptFile, script);
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                ArgumentList =
                {
                    "--no-vacuum", "--protocol=prepared", $"--client={clients}", $"--jobs={clients}",
                    $"--time={(int)duration.TotalSeconds}", $"--file={scriptFile}",
                    $"--host={connection.Host}", $"--port={connection.Port}", $"--username={connection.Username}", connection.Database!,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // The password goes through the environment, never onto a command line others can read.
            if (!string.IsNullOrEmpty(connection.Password))
            {
                start.Environment["PGPASSWORD"] = connection.Password;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || TpsLine().Match(await output) is not { Success: true } tps)
            {
                throw new InvalidOperationException($"pgbench exited with {process.ExitCode}: {await errors}");
            }
            return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(scriptFile);
        }
    }

    // "tps = 11034.123456 (without initial connection time)"
    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
