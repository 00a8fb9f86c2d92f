namespace Orrery.Scheduling;

/// <summary>
/// The engine-side fence of a turn (SPEC §10): the record's current turn goes to the engine as <c>expectedTurn</c>, and
/// the engine's own turn, when it refuses, says whether the turn was played already or the two are out of step.
/// </summary>
public static class TurnFence
{
    public static TurnFenceVerdict Judge(int recordTurn, int engineTurn) => (engineTurn - (long)recordTurn) switch
    {
        0 => TurnFenceVerdict.Current,
        1 => TurnFenceVerdict.PlayedAlready,
        _ => TurnFenceVerdict.OutOfStep,
    };

    /// <summary>The reason a turn fails on an engine out of step, as the <c>game_paused</c> event tells it.</summary>
    public static string OutOfStepReason(int recordTurn, int engineTurn) =>
        $"turn_mismatch: the engine is at turn {engineTurn} but the runtime record at turn {recordTurn} " +
        $"({(engineTurn < recordTurn ? "the engine is behind" : "the engine is more than one turn ahead")}); " +
        $"turn {recordTurn + 1} was neither played nor recorded";
}
