using System.Diagnostics;
using System.Text.Json;

namespace Orrery.Benchmarks;

/// <summary>
/// Kills every engine process a benchmark started, however it ends. Engines that Orrery starts are detached
/// (their own session) and outlive the node by design, so neither a Ctrl+C nor the node stopping reaches them:
/// they are found through the node's manifests. Engines a benchmark spawns itself are tracked by process.
/// </summary>
internal static class EngineReaper
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> ManifestDirectories = [];
    private static readonly HashSet<Process> Processes = [];

    static EngineReaper()
    {
        // The last resort, when the benchmark is killed (SIGTERM) or exits past its own cleanup.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>Engines listed in this directory of engine manifests (a node's <c>engines/</c>) are killed at the end.</summary>
    public static void TrackManifests(string enginesDirectory)
    {
        lock (Gate)
        {
            ManifestDirectories.Add(enginesDirectory);
        }
    }

    public static void Track(Process process)
    {
        lock (Gate)
        {
            Processes.Add(process);
        }
    }

    /// <summary>The engine processes (pid, start time) the manifests in <paramref name="enginesDirectory"/> list.</summary>
    public static List<(int Pid, long StartTime)> Listed(string enginesDirectory) =>
        (Directory.Exists(enginesDirectory) ? Directory.GetFiles(enginesDirectory, "*.json") : [])
            .Select(manifest => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(manifest)))
            .Select(fields => (fields.GetProperty("pid").GetInt32(), fields.GetProperty("processStartTime").GetInt64()))
            .ToList();

    /// <summary>Kills those of <paramref name="engines"/> still running; returns how many were.</summary>
    public static int Kill(IEnumerable<(int Pid, long StartTime)> engines) => engines.Sum(e => Kill(e.Pid, e.StartTime));

    /// <summary>Kills the engines of the manifests in <paramref name="enginesDirectory"/> and stops tracking it.</summary>
    public static int KillManifests(string enginesDirectory)
    {
        var killed = Kill(Listed(enginesDirectory));
        lock (Gate)
        {
            ManifestDirectories.Remove(enginesDirectory);
        }
        return killed;
    }

    public static void Kill(Process process)
    {
        try
        {
            process.Kill();
            process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        lock (Gate)
        {
            Processes.Remove(process);
        }
        process.Dispose();
    }

    public static void KillAll()
    {
        string[] directories;
        Process[] processes;
        lock (Gate)
        {
            directories = [.. ManifestDirectories];
            processes = [.. Processes];
        }
        foreach (var directory in directories)
        {
            KillManifests(directory);
        }
        foreach (var process in processes)
        {
            Kill(process);
        }
    }

    /// <summary>Kills a pid only if it is still the process the manifest recorded (same start time), so a reused pid is left alone.</summary>
    private static int Kill(int pid, long startTime)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (StartTimeOf(pid) != startTime)
            {
                return 0;
            }
            process.Kill();
            process.WaitForExit(5_000);
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return 0; // gone already
        }
    }

    /// <summary>Field 22 of /proc/pid/stat (clock ticks since boot), as the process engine host records it.</summary>
    private static long? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19]);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
