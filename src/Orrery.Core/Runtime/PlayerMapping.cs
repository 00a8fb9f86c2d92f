using Orrery.Engines;

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

    /// <summary>
    /// The mappings of an engine that already plays <paramref name="game"/> (one being adopted): each member gets
    /// the engine's id of its race. Null when the engine's races are not exactly the game's.
    /// </summary>
    public static List<PlayerMapping>? FromEngine(Games.Game game, EngineState state)
    {
        if (state.Players.Count != game.Memberships.Count)
        {
            return null;
        }
        var idsByRace = state.Players.DistinctBy(p => p.RaceName, StringComparer.Ordinal).ToDictionary(p => p.RaceName, p => p.Id, StringComparer.Ordinal);
        var mappings = new List<PlayerMapping>(game.Memberships.Count);
        foreach (var member in game.Memberships)
        {
            if (!idsByRace.TryGetValue(member.RaceName, out var playerId))
            {
                return null;
            }
            mappings.Add(new PlayerMapping(game.Id, member.UserId, member.RaceName, playerId));
        }
        return mappings;
    }
}
