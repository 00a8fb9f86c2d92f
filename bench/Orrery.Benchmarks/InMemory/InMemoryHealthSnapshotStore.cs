using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Benchmarks.InMemory;

/// <summary>Snapshots kept per game in memory.</summary>
internal sealed class InMemoryHealthSnapshotStore : IHealthSnapshotStore
{
    private readonly ConcurrentDictionary<Guid, List<HealthSnapshot>> _snapshots = new();

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var list = _snapshots.GetOrAdd(snapshot.GameId, _ => []);
        lock (list)
        {
            list.Add(snapshot);
        }
        return Task.CompletedTask;
    }

    public async Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken)
    {
        foreach (var snapshot in snapshots)
        {
            await InsertAsync(snapshot, cancellationToken);
        }
    }

    public Task DeleteManyAsync(IReadOnlyList<Guid> snapshotIds, CancellationToken cancellationToken)
    {
        var ids = snapshotIds.ToHashSet();
        foreach (var list in _snapshots.Values)
        {
            lock (list)
            {
                list.RemoveAll(s => ids.Contains(s.Id));
            }
        }
        return Task.CompletedTask;
    }

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken)
    {
        var list = _snapshots.GetValueOrDefault(gameId) ?? [];
        lock (list)
        {
            var items = list.AsEnumerable().Reverse().Skip(page.Offset).Take(page.Size).ToList();
            return Task.FromResult(new Page<HealthSnapshot>(items, page.Number, page.Size, list.Count));
        }
    }
}
