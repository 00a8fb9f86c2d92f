using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Benchmarks.InMemory;

/// <summary>Runtime records in a dictionary, with the version compare-and-swap of the real stores.</summary>
internal sealed class InMemoryRuntimeStore : IRuntimeStore
{
    private readonly ConcurrentDictionary<Guid, RuntimeRecord> _records = new();

    public Task<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetValueOrDefault(gameId));

    public Task<IReadOnlyList<RuntimeRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RuntimeRecord>>([.. _records.Values]);

    public Task<RuntimeRecord?> TryInsertAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var stored = record with { Version = 1 };
        return Task.FromResult(_records.TryAdd(record.GameId, stored) ? stored : null);
    }

    public Task<RuntimeRecord?> TryUpdateAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        while (_records.TryGetValue(record.GameId, out var current) && current.Version == record.Version)
        {
            var stored = record with { Version = record.Version + 1 };
            if (_records.TryUpdate(record.GameId, stored, current))
            {
                return Task.FromResult<RuntimeRecord?>(stored);
            }
        }
        return Task.FromResult<RuntimeRecord?>(null);
    }
}
