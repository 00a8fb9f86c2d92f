using Dapper;
using Orrery.Cluster;
using Orrery.Specs.Instances;

namespace Orrery.Persistence.Sqlite;

/// <summary>Specifications, their instances and learned models (<c>spec_*</c>) in the embedded store.</summary>
/// <remarks>
/// A shard's batch is one transaction on the writer connection: one fsync for every request it applied. Its fence is
/// checked first in that transaction, which holds the write lock to its commit, so no takeover lands in between.
/// </remarks>
internal sealed class SqliteSpecInstanceStore(SqliteDatabase database, IOwnerFences fences) : ISpecInstanceStore
{
    public Task SaveSpecificationAsync(StoredSpecification specification, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            SpecInstanceSql.DefinitionUpsert, SpecDefinitionRow.From(specification), cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<StoredSpecification>> ListSpecificationsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StoredSpecification>>(async connection => [.. (await connection.QueryAsync<SpecDefinitionRow>(new CommandDefinition(
            SpecInstanceSql.DefinitionList, cancellationToken: cancellationToken))).Select(r => r.ToSpecification())], cancellationToken);

    public Task WriteAsync(SpecInstanceBatch batch, CancellationToken cancellationToken) =>
        batch.IsEmpty
            ? Task.CompletedTask
            : database.WriteInTransactionAsync(async (connection, transaction) =>
            {
                if (batch.Fence is { } fence)
                {
                    await SqliteFencing.ThrowIfRefusedAsync(connection, transaction, fences, fence, cancellationToken);
                }
                if (batch.Upserts.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        SpecInstanceSql.InstanceUpsert, batch.Upserts.Select(SpecInstanceRow.From), transaction, cancellationToken: cancellationToken));
                }
                if (batch.Deletes.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        SpecInstanceSql.InstanceDelete, batch.Deletes.Select(id => new { Id = id }), transaction, cancellationToken: cancellationToken));
                }
                if (batch.Learned.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        SpecInstanceSql.ModelInsert, batch.Learned.Select(SpecModelTransitionRow.From), transaction, cancellationToken: cancellationToken));
                }
                return 0;
            }, cancellationToken);

    public Task<IReadOnlyList<SpecInstance>> ListInstancesAsync(int shard, int shards, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<SpecInstance>>(async connection => [.. (await connection.QueryAsync<SpecInstanceRow>(new CommandDefinition(
            SpecInstanceSql.InstanceListByShard, new { Shard = (long)shard, Shards = (long)shards }, cancellationToken: cancellationToken))).Select(r => r.ToInstance())],
            cancellationToken);

    public Task<IReadOnlyList<ModelTransition>> ListModelTransitionsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ModelTransition>>(async connection => [.. (await connection.QueryAsync<SpecModelTransitionRow>(new CommandDefinition(
            SpecInstanceSql.ModelList, cancellationToken: cancellationToken))).Select(r => r.ToTransition())], cancellationToken);
}
