namespace Orrery.Games;

/// <summary>
/// The lobby's projection of a game: what the runtime needs to run it (SPEC §2).
/// </summary>
public sealed record Game(
    Guid Id,
    string TargetEngineVersion,
    string TurnSchedule,
    IReadOnlyList<Membership> Memberships,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
