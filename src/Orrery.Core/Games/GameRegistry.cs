using Orrery.Errors;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Games;

/// <summary>Registers and updates games on the lobby's behalf (SPEC §2 "game projection").</summary>
public sealed class GameRegistry(IGameStore games, EngineVersionCatalog versions, TimeProvider time)
{
    /// <returns>The stored game, and whether it was new.</returns>
    public async Task<(Game Game, bool Created)> RegisterAsync(Guid gameId, GameRegistration registration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await games.GetAsync(gameId, cancellationToken);
        var game = GameValidator.ToGame(gameId, registration, existing?.CreatedAt ?? now, now);

        // Registering a game on a version nobody can start only defers the error to the first start.
        await versions.ResolveRunnableAsync(game.TargetEngineVersion, cancellationToken);

        await games.UpsertAsync(game, cancellationToken);
        return (game, existing is null);
    }

    public async Task<Game> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        await games.GetAsync(gameId, cancellationToken) ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
}
