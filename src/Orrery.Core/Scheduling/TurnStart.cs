using Orrery.Runtime;

namespace Orrery.Scheduling;

/// <summary>A slot of a game that came due; a null <paramref name="Slot"/> asks for the game's pending forced turn.</summary>
public readonly record struct DueTurn(Guid GameId, DateTimeOffset? Slot);

/// <summary>What the first half of a turn left: a record now <c>generation_in_progress</c> to play, or why no turn runs.</summary>
public sealed class TurnStart
{
    private TurnStart(BegunTurn? begun, TurnOutcome? notPlayed)
    {
        Begun = begun;
        NotPlayed = notPlayed;
    }

    /// <summary>The turn this caller began and must play; null when no turn runs.</summary>
    public BegunTurn? Begun { get; }

    /// <summary>The outcome when no turn runs (skipped or unscheduled); null when a turn began.</summary>
    public TurnOutcome? NotPlayed { get; }

    public static TurnStart Play(BegunTurn begun) => new(begun, null);

    public static TurnStart NotBegun(TurnResult result, RuntimeRecord? record) => new(null, new TurnOutcome(result, record));
}

/// <summary>A turn begun and not yet played.</summary>
/// <param name="Record">The game's record, now <c>generation_in_progress</c>; its <c>status_changed_at</c> is when the turn began.</param>
/// <param name="Slot">The cron slot the turn plays; null for a forced turn or one resumed after a restart.</param>
/// <param name="SlotsMerged">Later slots already due when the turn began, merged into it (they fire once, SPEC §5).</param>
public sealed record BegunTurn(RuntimeRecord Record, DateTimeOffset? Slot, int SlotsMerged = 0);
