using System.Data;
using Dapper;
using Orrery.Cluster;
using Orrery.Specs.Instances;

namespace Orrery.Persistence.Postgres;

/// <summary>Specifications, their instances and learned models (<c>spec_*</c>) on PostgreSQL.</summary>
/// <remarks>
/// A shard's batch is fenced like a game's writes: its first statement checks the fence of the game shard the spec
/// shard runs with and holds that shard's row <c>FOR SHARE</c> to the commit, so a takeover waits for it and a batch
/// after the takeover is refused. Every statement is an upsert, a delete by key or an insert of what is missing, so a
/// repeat after a lost reply leaves the same rows: all are retried (a refused fence is not).
/// </remarks>
internal sealed class PostgresSpecInstanceStore(PostgresDatabase database, IOwnerFences fences) : ISpecInstanceStore
{
    private static readonly (string Epoch, string Membership) FenceSql =
        ($"SELECT {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership: false)}",
         $"SELECT {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership: true)}");

    private static readonly string InstanceBatchUpsert =
        $"INSERT INTO spec_instances ({SqlColumns.Names(TableColumns.SpecInstances)}) " +
        "SELECT * FROM unnest(@Ids::text[], @Specs::text[], @States::text[], @Metas::text[], @RouteHashes::bigint[], " +
        "@CreatedAts::timestamptz[], @StateChangedAts::timestamptz[], @UpdatedAts::timestamptz[]) " +
        "ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, state = excluded.state, meta = excluded.meta, " +
        "state_changed_at = excluded.state_changed_at, updated_at = excluded.updated_at";

    private const string InstanceBatchDelete = "DELETE FROM spec_instances WHERE id = ANY(@Ids)";

    private static readonly string ModelBatchInsert =
        $"INSERT INTO spec_model_transitions ({SqlColumns.Names(TableColumns.SpecModelTransitions)}) " +
        "SELECT * FROM unnest(@Specs::text[], @Froms::text[], @Actions::text[], @Tos::text[]) ON CONFLICT DO NOTHING";

    public Task SaveSpecificationAsync(StoredSpecification specification, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
            SpecInstanceSql.DefinitionUpsert, SpecDefinitionRow.From(specification), cancellationToken: token)), cancellationToken);

    public Task<IReadOnlyList<StoredSpecification>> ListSpecificationsAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<StoredSpecification>>(async (connection, token) => [.. (await connection.QueryAsync<SpecDefinitionRow>(new CommandDefinition(
            SpecInstanceSql.DefinitionList, cancellationToken: token))).Select(r => r.ToSpecification())], cancellationToken);

    public Task WriteAsync(SpecInstanceBatch batch, CancellationToken cancellationToken) =>
        batch.IsEmpty
            ? Task.CompletedTask
            : batch.Fence is { } fence
                ? PostgresFencing.GuardAsync(fences, [fence], () => WriteBatchAsync(batch, cancellationToken))
                : WriteBatchAsync(batch, cancellationToken);

    private Task<int> WriteBatchAsync(SpecInstanceBatch batch, CancellationToken cancellationToken) =>
        database.RetryingInTransactionAsync(IsolationLevel.ReadCommitted, async (connection, transaction, token) =>
        {
            if (batch.Fence is { } fence)
            {
                var sql = database.FenceOnMembership ? FenceSql.Membership : FenceSql.Epoch;
                await connection.ExecuteAsync(new CommandDefinition(sql, new { FenceShard = fence.Shard, FenceEpoch = fence.Epoch }, transaction, cancellationToken: token));
            }
            if (batch.Upserts.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(InstanceBatchUpsert, new SpecInstanceColumns(batch.Upserts), transaction, cancellationToken: token));
            }
            if (batch.Deletes.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(InstanceBatchDelete, new { Ids = batch.Deletes.ToArray() }, transaction, cancellationToken: token));
            }
            if (batch.Learned.Count > 0)
            {
                var learned = batch.Learned;
                var columns = new
                {
                    Specs = learned.Select(l => l.Spec).ToArray(),
                    Froms = learned.Select(l => l.Transition.From).ToArray(),
                    Actions = learned.Select(l => l.Transition.Action).ToArray(),
                    Tos = learned.Select(l => l.Transition.To).ToArray(),
                };
                await connection.ExecuteAsync(new CommandDefinition(ModelBatchInsert, columns, transaction, cancellationToken: token));
            }
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<SpecInstance>> ListInstancesAsync(int shard, int shards, CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<SpecInstance>>(async (connection, token) => [.. (await connection.QueryAsync<SpecInstanceRow>(new CommandDefinition(
            SpecInstanceSql.InstanceListByShard, new { Shard = (long)shard, Shards = (long)shards }, cancellationToken: token))).Select(r => r.ToInstance())],
            cancellationToken);

    public Task<IReadOnlyList<ModelTransition>> ListModelTransitionsAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<ModelTransition>>(async (connection, token) => [.. (await connection.QueryAsync<SpecModelTransitionRow>(new CommandDefinition(
            SpecInstanceSql.ModelList, cancellationToken: token))).Select(r => r.ToTransition())], cancellationToken);
}
