using Orrery.Errors;
using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>
/// Each player's standing in a game: the latest values and the maxima over the whole game (SPEC §5). Kept for
/// the life of the game, across stops, restarts and patches; deleted with the game.
/// </summary>
public interface IPlayerStatsStore
{
    /// <summary>
    /// Stores the latest standing of each player and folds it into their maxima, in one transaction.
    /// Returns the stats of those players after the update, in the order given.
    /// </summary>
    /// <exception cref="OrreryException"><c>not_found</c> when the game is not registered; nothing is written then.</exception>
    /// <exception cref="ArgumentException">A user appears twice.</exception>
    async Task<IReadOnlyList<PlayerTurnStats>> RecordAsync(Guid gameId, IReadOnlyList<PlayerStanding> standings, CancellationToken cancellationToken)
    {
        var stats = (await RecordManyAsync([(gameId, standings)], cancellationToken))[0];
        // RecordManyAsync returns every standing of a registered game: none back for some given means no such game.
        return stats.Count == 0 && standings.Count > 0 ? throw OrreryException.NotFound($"Game {gameId} is not registered.") : stats;
    }

    /// <summary>
    /// <see cref="RecordAsync"/> for several games in one transaction (a reconcile pass's refreshes, turns that ended
    /// together). Returns, per game in the order given, the stats of its players after the update in the order of its
    /// standings. A game that is not registered (deleted meanwhile) gets an empty list and nothing is written for it.
    /// </summary>
    /// <exception cref="ArgumentException">A game appears twice, or a user twice in one game; nothing is written.</exception>
    Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken);

    /// <summary>The stats of every player of the game, by race name.</summary>
    Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>The stats of several games at once (each list by race name; a game without stats gets an empty list).</summary>
    async Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>> ListManyAsync(
        IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken)
    {
        var stats = new Dictionary<Guid, IReadOnlyList<PlayerTurnStats>>(gameIds.Count);
        foreach (var gameId in gameIds)
        {
            stats[gameId] = await ListAsync(gameId, cancellationToken);
        }
        return stats;
    }
}
