namespace Orrery.Games;

/// <summary>A player of a game: the lobby's user and the race they play.</summary>
public sealed record Membership(Guid UserId, string RaceName);
