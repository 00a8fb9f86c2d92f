using Dapper;
using Orrery.Cluster;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The fence that SQLite writes on behalf of a game check: the writer's epoch is still the shard's in
/// <c>game_shards</c>. (The embedded store has no membership table: only epochs count.)
/// </summary>
/// <remarks>
/// Every write holds the database's write lock from its first statement to its commit, so a check in the same
/// statement or transaction cannot race a takeover. A fenced statement that changed nothing may have lost a
/// compare-and-swap or been refused: only then is the fence read again (<see cref="ThrowIfRefusedAsync(SqliteDatabase, IOwnerFences, OwnerFence, CancellationToken)"/>),
/// a local read that costs no round trip on the path that succeeds.
/// </remarks>
internal static class SqliteFencing
{
    /// <summary>A condition that is true while the fence bound as <c>@FenceShard</c>, <c>@FenceEpoch</c> holds.</summary>
    public const string Check = "EXISTS (SELECT 1 FROM game_shards f WHERE f.shard = @FenceShard AND f.epoch = @FenceEpoch)";

    private const string HoldsSql = $"SELECT {Check}";

    private static readonly SqlitePreparedStatement<FenceParameters> Holds = new(HoldsSql, ["fence_shard", "fence_epoch"]);

    /// <summary>Throws <see cref="OwnershipLostException"/> (after telling <paramref name="fences"/>) unless <paramref name="fence"/> holds.</summary>
    public static async Task ThrowIfRefusedAsync(SqliteDatabase database, IOwnerFences fences, OwnerFence fence, CancellationToken cancellationToken)
    {
        if (!await HoldsAsync(database, fence, cancellationToken))
        {
            throw Refuse(fences, fence);
        }
    }

    /// <summary>Like <see cref="ThrowIfRefusedAsync(SqliteDatabase, IOwnerFences, OwnerFence, CancellationToken)"/>, inside the writer's transaction (which the throw rolls back).</summary>
    public static async Task ThrowIfRefusedAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, IOwnerFences fences, OwnerFence fence,
        CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HoldsSql, Parameters(fence), transaction, cancellationToken: cancellationToken)))
        {
            throw Refuse(fences, fence);
        }
    }

    /// <summary>Like the others, inside a transaction of compiled statements (which the throw rolls back).</summary>
    public static async Task ThrowIfRefusedAsync(SqlitePreparedTransaction transaction, IOwnerFences fences, OwnerFence fence, CancellationToken cancellationToken)
    {
        if (Convert.ToInt64(await transaction.ScalarAsync(Holds, new FenceParameters(fence), cancellationToken)) == 0)
        {
            throw Refuse(fences, fence);
        }
    }

    public static Task<bool> HoldsAsync(SqliteDatabase database, OwnerFence fence, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<bool>(new CommandDefinition(HoldsSql, Parameters(fence), cancellationToken: cancellationToken)),
            cancellationToken);

    public static OwnershipLostException Refuse(IOwnerFences fences, OwnerFence fence)
    {
        fences.Refused(fence);
        return new OwnershipLostException(fence.Shard, $"Shard {fence.Shard} is no longer this node's (epoch {fence.Epoch} was superseded).");
    }

    private static object Parameters(OwnerFence fence) => new FenceParameters(fence);

    /// <summary>A fence in SQLite's storage types, bound as <c>@FenceShard</c>, <c>@FenceEpoch</c>.</summary>
    private sealed class FenceParameters(OwnerFence fence)
    {
        public long FenceShard { get; } = fence.Shard;
        public long FenceEpoch { get; } = fence.Epoch;
    }
}
