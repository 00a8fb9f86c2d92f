using Dapper;
using Orrery.Cluster;

namespace Orrery.Persistence.Postgres;

/// <summary>The shard table (<c>game_shards</c>) on PostgreSQL; in cluster mode only an Active Orleans member takes a shard.</summary>
internal sealed class PostgresShardLeaseStore(PostgresDatabase database) : IShardLeaseStore
{
    private const string Columns = "shard, epoch, cluster_id, address, port, generation, acquired_at";

    // One statement: the first epoch is 1, every later one the stored one plus 1, under the row's lock, so two
    // owners taking the shard at once get two epochs and the later one holds.
    private const string Upsert = """
        ON CONFLICT (shard) DO UPDATE SET epoch = g.epoch + 1, cluster_id = excluded.cluster_id, address = excluded.address,
            port = excluded.port, generation = excluded.generation, acquired_at = excluded.acquired_at
        RETURNING epoch
        """;

    private static readonly string AcquireSql = $"""
        INSERT INTO game_shards AS g ({Columns}) VALUES (@Shard, 1, @ClusterId, @Address, @Port, @Generation, @AcquiredAt)
        {Upsert}
        """;

    // The owner's membership row is read FOR SHARE: a death declaration waits for the takeover, and a takeover
    // after it finds the member Dead and takes nothing.
    private static readonly string AcquireIfActiveSql = $"""
        INSERT INTO game_shards AS g ({Columns})
        SELECT @Shard, 1, @ClusterId, @Address, @Port, @Generation, @AcquiredAt
        WHERE EXISTS (SELECT 1 FROM orleansmembershiptable m
                      WHERE m.deploymentid = @ClusterId AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                        AND m.status = {PostgresFencing.ActiveStatus} FOR SHARE)
        {Upsert}
        """;

    private static readonly string HoldsSql = $"SELECT EXISTS ({PostgresFencing.Holds("@Shard", "@Epoch", membership: false)})";
    private static readonly string HoldsIfActiveSql = $"SELECT EXISTS ({PostgresFencing.Holds("@Shard", "@Epoch", membership: true)})";

    /// <remarks>Retried: a repeat takes one more epoch for the same owner, which supersedes only the lost reply's.</remarks>
    public async Task<long> AcquireAsync(int shard, ShardOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            Shard = shard, owner.ClusterId, owner.Address, owner.Port, owner.Generation, AcquiredAt = PostgresValues.Utc(now),
        };
        var epoch = await database.RetryingAsync((connection, token) => connection.QuerySingleOrDefaultAsync<long?>(
            new CommandDefinition(database.FenceOnMembership ? AcquireIfActiveSql : AcquireSql, parameters, cancellationToken: token)), cancellationToken);
        return epoch ?? throw new OwnershipLostException(shard, $"{owner} is not an Active member of cluster {owner.ClusterId}: it takes no shard.");
    }

    public Task<IReadOnlyList<ShardLease>> ListAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<ShardLease>>(async (connection, token) =>
        {
            var rows = await connection.QueryAsync<ShardLeaseRow>(new CommandDefinition(
                $"SELECT shard AS Shard, epoch AS Epoch, cluster_id AS ClusterId, address AS Address, port AS Port, generation AS Generation, acquired_at AS AcquiredAt FROM game_shards ORDER BY shard",
                cancellationToken: token));
            return rows.Select(r => r.ToLease()).ToList();
        }, cancellationToken);

    public Task<bool> HoldsAsync(OwnerFence fence, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) => connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            database.FenceOnMembership ? HoldsIfActiveSql : HoldsSql, new { fence.Shard, fence.Epoch }, cancellationToken: token)), cancellationToken);
}
