namespace Orrery.Scheduling;

/// <summary>Settings of the turn scheduler (configuration section <c>Orrery:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Orrery:Scheduler";

    /// <summary>Turns in flight at once across all games; more due turns wait for a free slot. Default 64.</summary>
    public int MaxConcurrentTurns { get; set; } = 64;

    /// <summary>How long an engine may take to generate one turn before the turn fails. Default 10 min (SPEC §3).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// After a failed turn call, how long the engine's status read may take to tell whether the engine played the turn
    /// anyway (its answer lost). Short: the game is paused only once it has run out. Default 5 s.
    /// </summary>
    public TimeSpan FailedTurnStatusTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
