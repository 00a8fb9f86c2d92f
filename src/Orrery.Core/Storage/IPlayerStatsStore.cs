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
    Task<IReadOnlyList<PlayerTurnStats>> RecordAsync(Guid gameId, IReadOnlyList<PlayerStanding> standings, CancellationToken cancellationToken);

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
