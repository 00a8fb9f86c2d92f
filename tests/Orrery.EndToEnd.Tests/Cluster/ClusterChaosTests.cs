using Orrery.EndToEnd.Tests.Chaos;

namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>Issue 13: a three-replica cluster loses replicas to kill -9 and SIGSTOP while games turn and calls arrive.</summary>
public sealed class ClusterChaosTests
{
    [Fact]
    public async Task KillOneHangAnotherRestart_SixtyGamesEverySecondOnDocker_EveryGameEndsAsAskedAndNoTurnTwice()
    {
        await using var run = new ClusterChaosRun(new ClusterChaosSettings(Games: 60, Operations: 150, Hang: TimeSpan.FromSeconds(12)), ChaosRun.ChooseSeed());
        await run.RunAsync();
    }
}
