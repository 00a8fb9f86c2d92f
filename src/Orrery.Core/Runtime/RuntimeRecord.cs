using Orrery.Errors;

namespace Orrery.Runtime;

/// <summary>
/// The runtime state of one game (SPEC §2). Immutable: changes produce a new record, which the
/// store writes only if <see cref="Version"/> still matches the stored one (compare-and-swap).
/// </summary>
public sealed record RuntimeRecord
{
    public required Guid GameId { get; init; }
    public required RuntimeStatus Status { get; init; }
    /// <summary>The engine host's id of the current engine (container id or process engine id).</summary>
    public string? EngineId { get; init; }
    public string? ImageRef { get; init; }
    public string? EngineVersion { get; init; }
    public string? EngineEndpoint { get; init; }
    public string? StatePath { get; init; }
    public string? Network { get; init; }
    public required string TurnSchedule { get; init; }
    public int CurrentTurn { get; init; }
    public string? EngineHealth { get; init; }
    public bool Paused { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
    public bool SkipNextTick { get; init; }
    public DateTimeOffset? NextTurnAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? LastObservedAt { get; init; }
    /// <summary>The type of the last health event applied (<c>container_exited</c>, ...), in its wire name.</summary>
    public string? LastHealthEvent { get; init; }
    /// <summary>When the last health event applied occurred, as its producer reported.</summary>
    public DateTimeOffset? LastHealthEventAt { get; init; }
    /// <summary>
    /// The <c>details</c> JSON object of the last health event applied (exit code, OOM, probe error, health check output),
    /// as its producer sent it; null when it sent none.
    /// </summary>
    public string? LastHealthEventDetails { get; init; }
    /// <summary>When <see cref="Status"/> last changed; transition timeouts are measured from here.</summary>
    public required DateTimeOffset StatusChangedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Incremented by the store on every write; the expected value of the next CAS.</summary>
    public long Version { get; init; }

    /// <summary>The first record of a game, entering <c>starting</c> from "(none)" (SPEC §3).</summary>
    public static RuntimeRecord NewStarting(Guid gameId, string turnSchedule, DateTimeOffset now) => new()
    {
        GameId = gameId,
        Status = RuntimeStatus.Starting,
        TurnSchedule = turnSchedule,
        StatusChangedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Moves to <paramref name="to"/> if SPEC §3 allows it, stamping the timestamps that status implies.
    /// </summary>
    /// <exception cref="OrreryException"><see cref="ErrorCodes.InvalidTransition"/> for a pair the table rejects.</exception>
    public RuntimeRecord TransitionTo(RuntimeStatus to, DateTimeOffset now)
    {
        if (!RuntimeTransitions.IsAllowed(Status, to))
        {
            throw OrreryException.InvalidTransition(
                $"Game {GameId} cannot go from {WireNames<RuntimeStatus>.Name(Status)} to {WireNames<RuntimeStatus>.Name(to)}.");
        }

        return this with
        {
            Status = to,
            StatusChangedAt = now,
            UpdatedAt = now,
            StoppedAt = to == RuntimeStatus.Stopped ? now : StoppedAt,
            FinishedAt = to == RuntimeStatus.Finished ? now : FinishedAt,
        };
    }
}
