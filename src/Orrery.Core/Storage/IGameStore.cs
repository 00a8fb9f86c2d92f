using Orrery.Games;
using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Games registered by the lobby, with their memberships.</summary>
public interface IGameStore
{
    /// <summary>Inserts or replaces the game and all its memberships in one transaction.</summary>
    Task UpsertAsync(Game game, CancellationToken cancellationToken);

    Task<Game?> GetAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>Games ordered by creation time (oldest first), each with its runtime record if it has one.</summary>
    /// <param name="status">Only games whose runtime has this status; null for all.</param>
    Task<Page<GameView>> ListAsync(RuntimeStatus? status, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Deletes the game and everything recorded for it. Returns false if it did not exist.</summary>
    Task<bool> DeleteAsync(Guid gameId, CancellationToken cancellationToken);
}

/// <summary>A game together with its runtime record (null when it never started).</summary>
public sealed record GameView(Game Game, RuntimeRecord? Runtime);
