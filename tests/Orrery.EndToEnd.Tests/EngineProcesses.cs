using System.Text;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// The engine processes that really run for a data directory, found in /proc by their <c>GAME_STATE_PATH</c>
/// rather than through Orrery's manifests, so an engine Orrery lost track of is counted too.
/// </summary>
internal static class EngineProcesses
{
    public static IReadOnlyList<(Guid GameId, int Pid)> Of(string dataDirectory)
    {
        var prefix = $"GAME_STATE_PATH={Path.Combine(Path.GetFullPath(dataDirectory), "games")}{Path.DirectorySeparatorChar}";
        var found = new List<(Guid, int)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || StatePathOf(pid, prefix) is not { } statePath || !OrreryProcess.IsAlive(pid))
            {
                continue;
            }
            if (Guid.TryParse(Path.GetFileName(statePath.TrimEnd(Path.DirectorySeparatorChar)), out var gameId))
            {
                found.Add((gameId, pid));
            }
        }
        return found;
    }

    private static string? StatePathOf(int pid, string prefix)
    {
        try
        {
            var environment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0');
            return environment.FirstOrDefault(v => v.StartsWith(prefix, StringComparison.Ordinal))?["GAME_STATE_PATH=".Length..];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile, or not ours
        }
    }
}
