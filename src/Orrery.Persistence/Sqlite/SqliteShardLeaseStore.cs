using Dapper;
using Orrery.Cluster;

namespace Orrery.Persistence.Sqlite;

/// <summary>The shard table (<c>game_shards</c>) in the embedded store: only epochs count.</summary>
internal sealed class SqliteShardLeaseStore(SqliteDatabase database) : IShardLeaseStore
{
    // One statement: the first epoch is 1, every later one the stored one plus 1.
    private const string AcquireSql = """
        INSERT INTO game_shards (shard, epoch, cluster_id, address, port, generation, acquired_at)
        VALUES (@Shard, 1, @ClusterId, @Address, @Port, @Generation, @AcquiredAt)
        ON CONFLICT (shard) DO UPDATE SET epoch = game_shards.epoch + 1, cluster_id = excluded.cluster_id, address = excluded.address,
            port = excluded.port, generation = excluded.generation, acquired_at = excluded.acquired_at
        RETURNING epoch
        """;

    private const string ListSql = """
        SELECT shard AS Shard, epoch AS Epoch, cluster_id AS ClusterId, address AS Address, port AS Port, generation AS Generation,
               acquired_at AS AcquiredAt
        FROM game_shards ORDER BY shard
        """;

    public Task<long> AcquireAsync(int shard, ShardOwner owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(AcquireSql, new
        {
            Shard = shard, owner.ClusterId, owner.Address, owner.Port, owner.Generation, AcquiredAt = SqliteValues.Millis(now),
        }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<ShardLease>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ShardLease>>(async connection =>
        {
            var rows = await connection.QueryAsync<ShardLeaseRow>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
            return rows.Select(r => r.ToLease()).ToList();
        }, cancellationToken);

    public Task<bool> HoldsAsync(OwnerFence fence, CancellationToken cancellationToken) => SqliteFencing.HoldsAsync(database, fence, cancellationToken);
}
