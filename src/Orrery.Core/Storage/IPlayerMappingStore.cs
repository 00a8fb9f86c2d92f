using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Player mappings of running games: inserted at start, deleted at stop.</summary>
public interface IPlayerMappingStore
{
    /// <summary>Replaces every mapping of the game with <paramref name="mappings"/> in one transaction.</summary>
    Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken);

    Task<PlayerMapping?> GetAsync(Guid gameId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The mappings of the game, by race name.</summary>
    Task<IReadOnlyList<PlayerMapping>> ListAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>The mappings of several games in one read (each list by race name; a game without mappings gets an empty list).</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerMapping>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken);

    Task DeleteAsync(Guid gameId, CancellationToken cancellationToken);
}
