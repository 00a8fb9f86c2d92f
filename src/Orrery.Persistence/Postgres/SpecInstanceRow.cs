using Orrery.Specs.Instances;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>spec_instances</c>.</summary>
internal sealed class SpecInstanceRow
{
    public string Id { get; set; } = "";
    public string Spec { get; set; } = "";
    public string State { get; set; } = "";
    public string? Meta { get; set; }
    public long RouteHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public SpecInstance ToInstance() => new(Id, Spec, State, Meta, CreatedAt, StateChangedAt, UpdatedAt);
}

/// <summary>A row of <c>spec_definitions</c>.</summary>
internal sealed class SpecDefinitionRow
{
    public string Name { get; set; } = "";
    public string Spex { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public static SpecDefinitionRow From(StoredSpecification specification) =>
        new() { Name = specification.Name, Spex = specification.Spex, UpdatedAt = Utc(specification.UpdatedAt) };

    public StoredSpecification ToSpecification() => new(Name, Spex, UpdatedAt);
}

/// <summary>
/// A shard's batch as column arrays: one <c>unnest</c> statement per kind of change, however many rows, instead of
/// a round trip per row.
/// </summary>
internal sealed class SpecInstanceColumns
{
    public SpecInstanceColumns(IReadOnlyList<SpecInstance> instances)
    {
        var count = instances.Count;
        (Ids, Specs, States, Metas) = (new string[count], new string[count], new string[count], new string?[count]);
        (RouteHashes, CreatedAts, StateChangedAts, UpdatedAts) = (new long[count], new DateTimeOffset[count], new DateTimeOffset[count], new DateTimeOffset[count]);
        for (var i = 0; i < count; i++)
        {
            var instance = instances[i];
            (Ids[i], Specs[i], States[i], Metas[i]) = (instance.Id, instance.Spec, instance.State, instance.Meta);
            RouteHashes[i] = SpecShardRouter.RouteHash(instance.Id);
            (CreatedAts[i], StateChangedAts[i], UpdatedAts[i]) = (Utc(instance.CreatedAt), Utc(instance.StateChangedAt), Utc(instance.UpdatedAt));
        }
    }

    public string[] Ids { get; }
    public string[] Specs { get; }
    public string[] States { get; }
    public string?[] Metas { get; }
    public long[] RouteHashes { get; }
    public DateTimeOffset[] CreatedAts { get; }
    public DateTimeOffset[] StateChangedAts { get; }
    public DateTimeOffset[] UpdatedAts { get; }
}
