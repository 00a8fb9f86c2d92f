using Orrery.Runtime;

namespace Orrery.Persistence;

/// <summary>The checks every store adapter makes on its arguments, with the same messages on each.</summary>
internal static class StoreArguments
{
    /// <exception cref="ArgumentException">A game appears twice, or a user twice in one game's standings.</exception>
    public static void Standings(IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games)
    {
        // One upsert per player and game: a second standing would overwrite the first inside one transaction
        // (SQLite) or fail the statement (PostgreSQL), so both stores refuse it up front.
        if (games.GroupBy(g => g.GameId).FirstOrDefault(g => g.Count() > 1) is { } game)
        {
            throw new ArgumentException($"Game {game.Key} has more than one set of standings.", nameof(games));
        }
        foreach (var (_, standings) in games)
        {
            if (standings.GroupBy(s => s.UserId).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new ArgumentException($"User {twice.Key} has more than one standing.", nameof(games));
            }
        }
    }
}
