using Orrery.Runtime;

namespace Orrery.Scheduling;

/// <summary>What became of one due slot of a game.</summary>
public enum TurnResult
{
    /// <summary>The engine generated the turn.</summary>
    Played,
    /// <summary>The turn ran and the engine reported the game over.</summary>
    Finished,
    /// <summary>The engine failed the turn; the game is now <c>generation_failed</c> and paused.</summary>
    Failed,
    /// <summary>No turn ran: the game is paused, not running, or another turn took this slot.</summary>
    Skipped,
    /// <summary>The game no longer expects turns (stopped, removed or deleted).</summary>
    Unscheduled,
}

/// <param name="Record">The runtime record afterwards; null when the game is gone.</param>
public sealed record TurnOutcome(TurnResult Result, RuntimeRecord? Record)
{
    /// <summary>When the game's next turn is due, or null when it expects no more turns.</summary>
    public DateTimeOffset? NextTurnAt => Result is TurnResult.Unscheduled or TurnResult.Finished ? null : Record?.NextTurnAt;
}
