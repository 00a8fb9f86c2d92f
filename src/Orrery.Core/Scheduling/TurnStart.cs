using Orrery.Runtime;

namespace Orrery.Scheduling;

/// <summary>A slot of a game that came due; a null <paramref name="Slot"/> asks for the game's pending forced turn.</summary>
public readonly record struct DueTurn(Guid GameId, DateTimeOffset? Slot);

/// <summary>What the first half of a turn left: a record now <c>generation_in_progress</c> to play, or why no turn runs.</summary>
public sealed class TurnStart
{
    private TurnStart(RuntimeRecord? begun, TurnOutcome? notPlayed)
    {
        Begun = begun;
        NotPlayed = notPlayed;
    }

    /// <summary>The record of a turn this caller began and must play; null when no turn runs.</summary>
    public RuntimeRecord? Begun { get; }

    /// <summary>The outcome when no turn runs (skipped or unscheduled); null when a turn began.</summary>
    public TurnOutcome? NotPlayed { get; }

    public static TurnStart Play(RuntimeRecord begun) => new(begun, null);

    public static TurnStart NotBegun(TurnResult result, RuntimeRecord? record) => new(null, new TurnOutcome(result, record));
}
