namespace Orrery.Persistence;

/// <summary>The statements of the spec instance store that both dialects share (PostgreSQL writes its batches its own way).</summary>
internal static class SpecInstanceSql
{
    public static readonly string DefinitionUpsert = SqlColumns.Upsert("spec_definitions", TableColumns.SpecDefinitions, "name");

    public static readonly string DefinitionList = $"SELECT {SqlColumns.Select(null, TableColumns.SpecDefinitions)} FROM spec_definitions ORDER BY name";

    public static readonly string InstanceUpsert = SqlColumns.Upsert("spec_instances", TableColumns.SpecInstances, "id");

    public const string InstanceDelete = "DELETE FROM spec_instances WHERE id = @Id";

    public static readonly string InstanceListByShard =
        $"SELECT {SqlColumns.Select(null, TableColumns.SpecInstances)} FROM spec_instances WHERE route_hash % @Shards = @Shard";

    public static readonly string ModelInsert =
        $"INSERT INTO spec_model_transitions ({SqlColumns.Names(TableColumns.SpecModelTransitions)}) " +
        $"VALUES ({SqlColumns.Parameters(TableColumns.SpecModelTransitions)}) ON CONFLICT DO NOTHING";

    /// <summary>In the order learned, as far as the store keeps it (<c>seq</c>), so an export reads like the model grew.</summary>
    public static readonly string ModelList =
        $"SELECT {SqlColumns.Select(null, TableColumns.SpecModelTransitions)} FROM spec_model_transitions ORDER BY seq";
}
