namespace Orrery.Scheduling;

/// <summary>Where a game's engine stands against the turn its runtime record is at (<see cref="TurnFence"/>).</summary>
public enum TurnFenceVerdict
{
    /// <summary>The engine is at the record's turn: the next turn is still to play.</summary>
    Current,

    /// <summary>The engine is exactly one turn ahead: the next turn was played already and only needs recording.</summary>
    PlayedAlready,

    /// <summary>The engine is behind the record, or more than one turn ahead: neither playing nor recording is safe.</summary>
    OutOfStep,
}
