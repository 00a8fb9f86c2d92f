using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>
/// Issue 6: <c>kill -9</c> of Orrery at random moments while games start and stop, then a restart each time, leaves
/// every operation ended, exactly one engine for every game that should run, none for the others, and no turn
/// played twice. The seed is printed; <c>ORRERY_CHAOS_SEED</c> replays a run.
/// </summary>
public sealed class ChaosTests
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-e2e-chaos-").FullName;

    [Fact]
    public async Task KillNine_FiveTimesAmongStartsAndStopsOfFiftyGames_ProcessHost_EveryGameEndsAsAsked()
    {
        await using var run = new ChaosRun(_data, new ChaosSettings(Games: 50, Operations: 200, Kills: 5, new Dictionary<string, string>()),
            new ProcessCensus(_data), ChaosRun.ChooseSeed());
        await run.RunAsync();
    }

    [Fact]
    public async Task KillNine_FiveTimesAmongStartsAndStopsOfTwentyGames_DockerHost_EveryGameEndsAsAsked()
    {
        var stack = "chaos-" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>
        {
            ["Orrery__EngineHost"] = "docker",
            ["Orrery__Docker__Endpoint"] = TestServers.Docker,
            ["Orrery__Docker__PullPolicy"] = "never",
            ["Orrery__BundledEngineImage"] = TestServers.EngineImage,
            ["Orrery__Stack"] = stack,
        };
        await using var run = new ChaosRun(_data, new ChaosSettings(Games: 20, Operations: 80, Kills: 5, environment),
            new DockerCensus(stack), ChaosRun.ChooseSeed());
        await run.RunAsync();
    }
}
