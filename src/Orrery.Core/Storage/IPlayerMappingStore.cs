using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Player mappings of running games: inserted at start, deleted at stop.</summary>
public interface IPlayerMappingStore
{
    /// <summary>Replaces every mapping of the game with <paramref name="mappings"/> in one transaction.</summary>
    Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken);

    Task<PlayerMapping?> GetAsync(Guid gameId, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlayerMapping>> ListAsync(Guid gameId, CancellationToken cancellationToken);

    Task DeleteAsync(Guid gameId, CancellationToken cancellationToken);
}
