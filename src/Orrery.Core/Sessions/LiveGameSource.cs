using Orrery.Errors;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Storage;

namespace Orrery.Sessions;

/// <summary>Reads what a session starts from through the existing ports: the game's members, runtime record and standings.</summary>
public sealed class LiveGameSource(IGameStore games, RuntimeRecords records, IPlayerStatsStore stats)
{
    /// <exception cref="OrreryException"><c>not_found</c> for a game that is not registered.</exception>
    public async Task<LiveGameData> LoadAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var game = await games.GetAsync(gameId, cancellationToken) ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
        var record = await records.GetAsync(gameId, cancellationToken);
        var standings = await stats.ListAsync(gameId, cancellationToken);
        return new LiveGameData(game.Memberships, LiveGameState.Of(record, standings), record?.Version ?? 0);
    }
}

/// <summary>A game as a session starts from it.</summary>
/// <param name="RecordVersion">The runtime record's version the state is from (0 without a record): older changes are ignored.</param>
public sealed record LiveGameData(IReadOnlyList<Membership> Members, LiveGameState State, long RecordVersion);
