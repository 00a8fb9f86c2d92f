using System.Collections.Concurrent;
using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Sessions;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// Runtime records, read cache-first and written by compare-and-swap. A write that loses the race
/// re-reads the stored record and applies the change again, so concurrent writers never lose updates
/// and a change that is no longer valid (an illegal transition) surfaces as an error.
/// </summary>
/// <remarks>
/// Only the owner of a game writes its record, so only owned games are cached: another node's record is read from
/// the store each time, and a shard given up is dropped from the cache. Without <paramref name="ownership"/> (a
/// store-level test) every record is cached. Every committed write is raised on <paramref name="changes"/> (live sessions),
/// and every status change it makes is reported to <paramref name="steps"/> as steps of the <c>game-runtime</c> specification.
/// </remarks>
public sealed class RuntimeRecords(
    IRuntimeStore store, IGameOwnership? ownership = null, GameChanges? changes = null, IRuntimeStepLog? steps = null) : IShardParticipant
{
    private const int MaxAttempts = 5;
    private readonly ConcurrentDictionary<Guid, RuntimeRecord> _cache = new();

    /// <summary>The record, from the cache when this node has seen it, else from the store.</summary>
    public async ValueTask<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(gameId, out var cached))
        {
            return cached;
        }
        var stored = await store.GetAsync(gameId, cancellationToken);
        return stored is null ? null : Remember(stored);
    }

    /// <summary>The cached record, without reading the store.</summary>
    public RuntimeRecord? TryGetCached(Guid gameId) => _cache.GetValueOrDefault(gameId);

    /// <summary>The record as stored right now, bypassing the cache.</summary>
    public async Task<RuntimeRecord?> GetFreshAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(gameId, cancellationToken);
        if (stored is null)
        {
            _cache.TryRemove(gameId, out _);
            return null;
        }
        return Remember(stored);
    }

    /// <summary>Applies <paramref name="change"/> to the current record and writes it by CAS (no write if it changes nothing).</summary>
    /// <exception cref="OrreryException"><c>not_found</c> without a record; whatever <paramref name="change"/> throws.</exception>
    public Task<RuntimeRecord> UpdateAsync(Guid gameId, Func<RuntimeRecord, RuntimeRecord> change, CancellationToken cancellationToken) =>
        UpsertAsync(gameId, current => change(current ?? throw OrreryException.NotFound($"Game {gameId} has no runtime record.")), cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current record, or to null when the game has none yet,
    /// and inserts or CAS-updates the result.
    /// </summary>
    public async Task<RuntimeRecord> UpsertAsync(Guid gameId, Func<RuntimeRecord?, RuntimeRecord> change, CancellationToken cancellationToken)
    {
        // The first attempt trusts the cache; a stale entry only costs one failed CAS.
        _cache.TryGetValue(gameId, out var current);
        current ??= await store.GetAsync(gameId, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            var next = change(current);
            if (current is not null && next == current)
            {
                return current; // nothing to change: no write, no version bump
            }
            var saved = current is null
                ? await store.TryInsertAsync(next, cancellationToken)
                : await store.TryUpdateAsync(next with { Version = current.Version }, cancellationToken);
            if (saved is not null)
            {
                return Committed(current, saved);
            }
            if (attempt == MaxAttempts)
            {
                throw OrreryException.Conflict(
                    $"The runtime record of game {gameId} kept changing; gave up after {MaxAttempts} attempts " +
                    $"(last seen: version {current?.Version}, {(current is null ? "none" : WireNames<RuntimeStatus>.Name(current.Status))}).");
            }
            var reread = await store.GetAsync(gameId, cancellationToken);
            if (reread is null && current is null)
            {
                // The insert failed and still nothing is stored: the game itself is gone.
                throw OrreryException.NotFound($"Game {gameId} is not registered.");
            }
            current = reread;
        }
    }

    /// <summary>
    /// Applies each change to its game's current record and writes them all in one batch. A write that loses its
    /// race is retried alone, like <see cref="UpdateAsync"/>. A game gets null when it has no record or when its
    /// change refuses (throws a not-found, conflict or invalid-transition <see cref="OrreryException"/>): the
    /// others are written all the same.
    /// </summary>
    public async Task<IReadOnlyList<RuntimeRecord?>> UpdateManyAsync(
        IReadOnlyList<(Guid GameId, Func<RuntimeRecord, RuntimeRecord> Change)> changes, CancellationToken cancellationToken)
    {
        var results = new RuntimeRecord?[changes.Count];
        var batch = new List<RuntimeRecord>(changes.Count);
        var positions = new List<int>(changes.Count);
        var befores = new List<RuntimeRecord>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            if (await GetAsync(changes[i].GameId, cancellationToken) is { } current && TryChange(changes[i].Change, current) is { } next)
            {
                batch.Add(next with { Version = current.Version });
                positions.Add(i);
                befores.Add(current);
            }
        }

        var saved = await store.TryUpdateManyAsync(batch, cancellationToken);
        for (var j = 0; j < positions.Count; j++)
        {
            var i = positions[j];
            try
            {
                results[i] = saved[j] is { } written ? Committed(befores[j], written) : await UpdateAsync(changes[i].GameId, changes[i].Change, cancellationToken);
            }
            catch (OrreryException ex) when (IsRefusal(ex))
            {
                results[i] = null; // deleted meanwhile, or the change no longer applies
            }
        }
        return results;
    }

    /// <summary>
    /// Takes records a caller has just read from the store (the reconciler's listing of every record) into the cache,
    /// so the writes that follow start from them instead of reading each one again. An older copy than the cached one
    /// is ignored.
    /// </summary>
    public void Learn(IEnumerable<RuntimeRecord> stored)
    {
        foreach (var record in stored)
        {
            Remember(record);
        }
    }

    /// <summary>Drops the cached record: the game and its record were deleted.</summary>
    public void Forget(Guid gameId)
    {
        _cache.TryRemove(gameId, out _);
        steps?.Deleted(gameId);
    }

    public Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops the shards' records: their next owner writes them now.</summary>
    public Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken)
    {
        foreach (var gameId in _cache.Keys.Where(shards.Holds))
        {
            _cache.TryRemove(gameId, out _);
        }
        return Task.CompletedTask;
    }

    private static RuntimeRecord? TryChange(Func<RuntimeRecord, RuntimeRecord> change, RuntimeRecord current)
    {
        try
        {
            return change(current);
        }
        catch (OrreryException ex) when (IsRefusal(ex))
        {
            return null;
        }
    }

    private static bool IsRefusal(OrreryException ex) => ex.Code is ErrorCodes.NotFound or ErrorCodes.Conflict or ErrorCodes.InvalidTransition;

    /// <summary>A record this node just wrote over <paramref name="before"/>: cached, raised for the game's live session, its status change reported.</summary>
    private RuntimeRecord Committed(RuntimeRecord? before, RuntimeRecord record)
    {
        var remembered = Remember(record);
        changes?.RecordChanged(record);
        if (steps is not null && before?.Status != record.Status)
        {
            steps.Record(record.GameId, RuntimeTransitions.Steps(before?.Status, record.Status));
        }
        return remembered;
    }

    private RuntimeRecord Remember(RuntimeRecord record) =>
        ownership is null || ownership.Owns(record.GameId)
            ? _cache.AddOrUpdate(record.GameId, record, (_, cached) => record.Version >= cached.Version ? record : cached)
            : record;
}
