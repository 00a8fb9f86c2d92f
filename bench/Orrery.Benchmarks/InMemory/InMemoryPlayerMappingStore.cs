using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Benchmarks.InMemory;

/// <summary>Player mappings per game in memory.</summary>
internal sealed class InMemoryPlayerMappingStore : IPlayerMappingStore
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<PlayerMapping>> _mappings = new();

    public Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken)
    {
        _mappings[gameId] = [.. mappings];
        return Task.CompletedTask;
    }

    public Task<PlayerMapping?> GetAsync(Guid gameId, Guid userId, CancellationToken cancellationToken) =>
        Task.FromResult(_mappings.GetValueOrDefault(gameId)?.FirstOrDefault(m => m.UserId == userId));

    public Task<IReadOnlyList<PlayerMapping>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        Task.FromResult(_mappings.GetValueOrDefault(gameId) ?? []);

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerMapping>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerMapping>>>(
            gameIds.Distinct().ToDictionary(id => id, id => _mappings.GetValueOrDefault(id) ?? []));

    public Task DeleteAsync(Guid gameId, CancellationToken cancellationToken)
    {
        _mappings.TryRemove(gameId, out _);
        return Task.CompletedTask;
    }
}
