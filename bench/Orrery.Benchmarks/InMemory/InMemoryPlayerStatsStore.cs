using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Benchmarks.InMemory;

/// <summary>Players' standings per game in memory, each folded into its maxima like the SQL upsert does.</summary>
internal sealed class InMemoryPlayerStatsStore : IPlayerStatsStore
{
    private readonly ConcurrentDictionary<Guid, Dictionary<Guid, PlayerTurnStats>> _stats = new();

    public Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>>([.. games.Select(g => Record(g.GameId, g.Standings))]);

    private IReadOnlyList<PlayerTurnStats> Record(Guid gameId, IReadOnlyList<PlayerStanding> standings)
    {
        var game = _stats.GetOrAdd(gameId, _ => []);
        var recorded = new List<PlayerTurnStats>(standings.Count);
        lock (game)
        {
            foreach (var s in standings)
            {
                var previous = game.GetValueOrDefault(s.UserId);
                var stats = new PlayerTurnStats(s.UserId, s.RaceName, s.Planets, s.Population,
                    Math.Max(previous?.MaxPlanets ?? 0, s.Planets), Math.Max(previous?.MaxPopulation ?? 0, s.Population));
                game[s.UserId] = stats;
                recorded.Add(stats);
            }
        }
        return recorded;
    }

    public Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var game = _stats.GetValueOrDefault(gameId) ?? [];
        lock (game)
        {
            return Task.FromResult<IReadOnlyList<PlayerTurnStats>>([.. game.Values.OrderBy(s => s.RaceName, StringComparer.Ordinal)]);
        }
    }
}
