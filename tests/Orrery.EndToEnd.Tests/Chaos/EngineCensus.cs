namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>Counts the engines that really run, asking the host itself rather than Orrery.</summary>
internal interface IEngineCensus
{
    /// <summary>Every running engine this run could have started, with the game it serves.</summary>
    Task<IReadOnlyList<(Guid GameId, string EngineId)>> RunningAsync();

    /// <summary>Stops whatever the run left.</summary>
    Task CleanUpAsync();
}

/// <summary>Engine processes found in /proc by their state path under the data directory.</summary>
internal sealed class ProcessCensus(string dataDirectory) : IEngineCensus
{
    public Task<IReadOnlyList<(Guid GameId, string EngineId)>> RunningAsync() =>
        Task.FromResult<IReadOnlyList<(Guid, string)>>(EngineProcesses.Of(dataDirectory).Select(e => (e.GameId, $"pid {e.Pid}")).ToList());

    public Task CleanUpAsync()
    {
        foreach (var (_, pid) in EngineProcesses.Of(dataDirectory))
        {
            OrreryProcess.Kill(pid, 9);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Running containers carrying the run's stack label, listed by the docker CLI.</summary>
internal sealed class DockerCensus(string stack) : IEngineCensus
{
    public async Task<IReadOnlyList<(Guid GameId, string EngineId)>> RunningAsync()
    {
        var listing = await DockerCli.RunAsync("ps", "--filter", $"label=orrery.stack={stack}", "--format", "{{.ID}} {{.Label \"orrery.game_id\"}}");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => (Guid.TryParse(parts.ElementAtOrDefault(1), out var gameId) ? gameId : Guid.Empty, parts[0]))
            .ToList();
    }

    public Task CleanUpAsync() => DockerCli.RemoveStackAsync(stack);
}
