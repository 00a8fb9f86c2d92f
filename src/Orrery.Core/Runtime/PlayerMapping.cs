namespace Orrery.Runtime;

/// <summary>
/// Who plays which race in a running game, and the engine's id for that player (new for every start).
/// Used to resolve the engine <c>actor</c> for a user.
/// </summary>
public sealed record PlayerMapping(Guid GameId, Guid UserId, string RaceName, Guid EnginePlayerId);
