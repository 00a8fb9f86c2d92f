using Orrery.Engines;
using Orrery.Runtime;

namespace Orrery.Snapshots;

/// <summary>Matches the players an engine reports to the users of the game (SPEC §5).</summary>
public static class PlayerStandings
{
    /// <summary>
    /// Each reported player's standing under the user it belongs to: matched by engine player id first, then by
    /// race name (an engine restarted from its state keeps the ids of its first start). Players no mapping
    /// claims are left out.
    /// </summary>
    public static IReadOnlyList<PlayerStanding> Match(IReadOnlyList<EnginePlayer> players, IReadOnlyList<PlayerMapping> mappings)
    {
        var byEngineId = mappings.ToDictionary(m => m.EnginePlayerId);
        var byRace = mappings.ToDictionary(m => m.RaceName, StringComparer.Ordinal);
        var standings = new List<PlayerStanding>(players.Count);
        foreach (var player in players)
        {
            if (byEngineId.TryGetValue(player.Id, out var mapping) || byRace.TryGetValue(player.RaceName, out mapping))
            {
                standings.Add(new PlayerStanding(mapping.UserId, mapping.RaceName, player.Planets, player.Population));
            }
        }
        return standings;
    }
}
