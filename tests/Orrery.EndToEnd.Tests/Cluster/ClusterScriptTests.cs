using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>
/// <c>scripts/cluster.sh</c> stopped by SIGTERM (twice, as an impatient supervisor does) leaves nothing behind: its
/// replicas, their engines, and the PostgreSQL and Redis it started are gone.
/// </summary>
public sealed partial class ClusterScriptTests
{
    private const int SigTerm = 15;

    [Fact]
    public async Task Sigterm_stops_the_replicas_their_engines_and_the_servers_the_script_started()
    {
        _ = TestServers.Postgres; // the script starts servers the way the test servers are started: skipped without them
        var work = Directory.CreateTempSubdirectory("orrery-e2e-cluster-script-").FullName;
        var (httpBase, siloBase) = (FreeBase(), FreeBase());
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Find() ?? throw new InvalidOperationException("The repository (Orrery.slnx) is not above the test binaries."), "scripts", "cluster.sh"), "--replicas", "2", "--demo", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Servers of its own (never the test's), engines as processes, ports nobody else uses.
        foreach (var name in new[] { "ConnectionStrings__Postgres", "ConnectionStrings__Redis", "ORRERY_TEST_SERVERS_DIR" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["ORRERY_CLUSTER_DIR"] = work;
        info.Environment["ORRERY_CLUSTER_ENGINE_HOST"] = "process";
        info.Environment["ORRERY_CLUSTER_HTTP_PORT_BASE"] = httpBase.ToString();
        info.Environment["ORRERY_CLUSTER_SILO_PORT_BASE"] = siloBase.ToString();
        var output = new StringBuilder();
        using var script = Process.Start(info)!;
        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        string Output() { lock (output) { return output.ToString(); } }

        try
        {
            using (var up = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
            {
                while (!Output().Contains("is up") || EnginePids(work).Count == 0)
                {
                    script.HasExited.ShouldBeFalse(Output());
                    await Task.Delay(250, up.Token);
                }
            }
            var text = Output();
            var replicas = ReplicaPid().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            var servers = ServerPort().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            var engines = EnginePids(work);
            replicas.Count.ShouldBe(2, text);
            servers.Count.ShouldBe(2, text);
            replicas.Concat(engines).ShouldAllBe(pid => OrreryProcess.IsAlive(pid), text);

            OrreryProcess.Kill(script.Id, SigTerm);
            await Task.Delay(300, TestContext.Current.CancellationToken);
            OrreryProcess.Kill(script.Id, SigTerm); // a second signal must not cut the cleanup short
            using (var stopped = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                await script.WaitForExitAsync(stopped.Token);
            }

            script.ExitCode.ShouldBe(143, Output());
            Output().ShouldContain("cluster: stopped");
            replicas.Concat(engines).ShouldAllBe(pid => !OrreryProcess.IsAlive(pid), Output());
            servers.ShouldAllBe(port => !Listening(port), Output());
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
        }
    }

    private static List<int> EnginePids(string work)
    {
        var engines = Path.Combine(work, "data", "engines");
        return !Directory.Exists(engines)
            ? []
            : [.. Directory.GetFiles(engines, "*.json").Select(File.ReadAllText).Select(m => ManifestPid().Match(m))
                .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value))];
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A base port whose next two (replicas 1 and 2) are free now.</summary>
    private static int FreeBase()
    {
        while (true)
        {
            var base_ = Random.Shared.Next(20_000, 30_000);
            if (!Listening(base_ + 1) && !Listening(base_ + 2))
            {
                return base_;
            }
        }
    }

    [GeneratedRegex(@"replica \d+\s+dashboard .* pid (\d+)")]
    private static partial Regex ReplicaPid();

    [GeneratedRegex(@"test-servers: (?:postgres|redis) \S+ on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ServerPort();

    [GeneratedRegex(@"""pid""\s*:\s*(\d+)")]
    private static partial Regex ManifestPid();
}
