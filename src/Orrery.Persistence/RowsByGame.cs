namespace Orrery.Persistence;

/// <summary>The answer of a read over several games: each game asked for, with its rows in the order read.</summary>
internal static class RowsByGame
{
    /// <returns>Every id of <paramref name="gameIds"/>, with an empty list when no row names it.</returns>
    public static IReadOnlyDictionary<Guid, IReadOnlyList<T>> Group<TRow, T>(
        IEnumerable<Guid> gameIds, IEnumerable<TRow> rows, Func<TRow, Guid> gameOf, Func<TRow, T> map)
    {
        var byGame = gameIds.Distinct().ToDictionary(id => id, _ => (IReadOnlyList<T>)[]);
        foreach (var game in rows.GroupBy(gameOf))
        {
            byGame[game.Key] = game.Select(map).ToList();
        }
        return byGame;
    }
}
