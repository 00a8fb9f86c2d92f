namespace Orrery.Games;

/// <summary>What the lobby sends to register or update a game.</summary>
public sealed record GameRegistration(string? TargetEngineVersion, string? TurnSchedule, IReadOnlyList<MembershipRegistration>? Memberships);

/// <summary>One membership as sent by the lobby; validated into a <see cref="Membership"/>.</summary>
public sealed record MembershipRegistration(Guid? UserId, string? RaceName);
