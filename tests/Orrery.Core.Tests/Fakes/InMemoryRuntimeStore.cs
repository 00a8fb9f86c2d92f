using System.Collections.Concurrent;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Core.Tests.Fakes;

/// <summary>A CAS-correct runtime store for unit tests of the domain (the real ones have contract suites).</summary>
internal sealed class InMemoryRuntimeStore : IRuntimeStore
{
    private readonly ConcurrentDictionary<Guid, RuntimeRecord> _records = new();
    private readonly Lock _gate = new();

    public HashSet<Guid> KnownGames { get; } = [];
    public int Writes;

    /// <summary>Runs before each update, to simulate another writer sneaking in.</summary>
    public Action<Guid>? BeforeUpdate { get; set; }

    public Task<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetValueOrDefault(gameId));

    public Task<IReadOnlyList<RuntimeRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RuntimeRecord>>(_records.Values.ToList());

    public Task<RuntimeRecord?> TryInsertAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!KnownGames.Contains(record.GameId) || _records.ContainsKey(record.GameId))
            {
                return Task.FromResult<RuntimeRecord?>(null);
            }
            Writes++;
            return Task.FromResult<RuntimeRecord?>(_records[record.GameId] = record with { Version = 1 });
        }
    }

    public Task<RuntimeRecord?> TryUpdateAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        BeforeUpdate?.Invoke(record.GameId);
        lock (_gate)
        {
            if (!_records.TryGetValue(record.GameId, out var stored) || stored.Version != record.Version)
            {
                return Task.FromResult<RuntimeRecord?>(null);
            }
            Writes++;
            return Task.FromResult<RuntimeRecord?>(_records[record.GameId] = record with { Version = record.Version + 1 });
        }
    }

    /// <summary>Writes directly, bypassing CAS, as another node would.</summary>
    public void Overwrite(RuntimeRecord record)
    {
        lock (_gate)
        {
            var version = _records.TryGetValue(record.GameId, out var stored) ? stored.Version + 1 : 1;
            _records[record.GameId] = record with { Version = version };
        }
    }
}
