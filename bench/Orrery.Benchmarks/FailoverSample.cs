namespace Orrery.Benchmarks;

/// <summary>What one failover trial measured.</summary>
/// <param name="VictimGames">Games the taken-down replica owned.</param>
/// <param name="DeclaredAt">When Orleans marked the replica Dead; null if it never did within the trial's patience.</param>
/// <param name="FaultToTurnMs">Per victim game that turned: fault -> its first turn recorded after it.</param>
/// <param name="DeclaredToTurnMs">Per victim game that turned: death declared -> that turn (negative if it came first).</param>
/// <param name="MissedSlots">Per victim game that turned: 1-second slots it went without.</param>
/// <param name="NeverTurned">Victim games with no turn within the trial's patience.</param>
/// <param name="ZombieExit">Paused replicas: SIGCONT -> the process ended by itself; null if it did not within 60 s (killed).</param>
internal sealed record FailoverSample(
    ReplicaFault Fault,
    int Victim,
    int VictimGames,
    DateTimeOffset FaultAt,
    DateTimeOffset? DeclaredAt,
    List<double> FaultToTurnMs,
    List<double> DeclaredToTurnMs,
    List<double> MissedSlots,
    int NeverTurned,
    TimeSpan? ZombieExit)
{
    public double DeclaredAfterMs => DeclaredAt is { } d ? (d - FaultAt).TotalMilliseconds : double.NaN;

    public void Print()
    {
        var zombie = Fault == ReplicaFault.Pause
            ? ZombieExit is { } exit ? $"; woken zombie exited by itself {exit.TotalSeconds:0.0} s after SIGCONT" : "; woken zombie still ran after 60 s (killed)"
            : "";
        Console.WriteLine(
            $"  {Fault} replica {Victim} ({VictimGames} games): declared dead after {DeclaredAfterMs:0} ms; " +
            $"fault -> next turn p50 {Report.Percentile(FaultToTurnMs, 50):0} / p99 {Report.Percentile(FaultToTurnMs, 99):0} ms, " +
            $"declared -> next turn p50 {Report.Percentile(DeclaredToTurnMs, 50):0} / p99 {Report.Percentile(DeclaredToTurnMs, 99):0} ms, " +
            $"slots missed mean {(MissedSlots.Count > 0 ? MissedSlots.Average() : double.NaN):0.0} max {Report.Percentile(MissedSlots, 100):0}; " +
            $"{NeverTurned} never turned{zombie}");
    }
}
