using System.Text.Json;

namespace Orrery.EndToEnd.Tests;

/// <summary>Reads the process host's engine manifests to find the engines' pids, and cleans up after tests.</summary>
internal static class EngineManifests
{
    public static IReadOnlyList<(Guid GameId, int Pid)> Read(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "engines");
        if (!Directory.Exists(directory))
        {
            return [];
        }
        return Directory.GetFiles(directory, "*.json")
            .Select(file => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(file)))
            .Select(m => (m.GetProperty("gameId").GetGuid(), m.GetProperty("pid").GetInt32()))
            .ToList();
    }

    public static int PidOf(string dataDirectory, Guid gameId) => Read(dataDirectory).Single(m => m.GameId == gameId).Pid;

    /// <summary>Kills every engine a test left behind (engines outlive Orrery by design).</summary>
    public static void KillAll(string dataDirectory)
    {
        foreach (var (_, pid) in Read(dataDirectory))
        {
            OrreryProcess.Kill(pid, 9);
        }
    }
}
