namespace Orrery.Runtime;

/// <summary>
/// Who plays which race in a running game, and the engine's id for that player (new for every start).
/// Used to resolve the engine <c>actor</c> for a user.
/// </summary>
public sealed record PlayerMapping(Guid GameId, Guid UserId, string RaceName, Guid EnginePlayerId)
{
    /// <summary>A mapping for every member of <paramref name="game"/>, each with a new engine player id.</summary>
    public static List<PlayerMapping> AssignNew(Games.Game game) =>
        game.Memberships.Select(m => new PlayerMapping(game.Id, m.UserId, m.RaceName, Guid.NewGuid())).ToList();
}
