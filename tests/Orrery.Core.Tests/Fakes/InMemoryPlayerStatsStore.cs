using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Core.Tests.Fakes;

/// <summary>Players' stats in memory, set directly by tests.</summary>
internal sealed class InMemoryPlayerStatsStore : IPlayerStatsStore
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<PlayerTurnStats>> _stats = new();

    public void Set(Guid gameId, IReadOnlyList<PlayerTurnStats> stats) => _stats[gameId] = stats;

    public Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        Task.FromResult(_stats.GetValueOrDefault(gameId) ?? []);
}
