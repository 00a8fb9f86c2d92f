using Orrery.Specs.Instances;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>spec_instances</c> in SQLite's storage types.</summary>
internal sealed class SpecInstanceRow
{
    public string Id { get; set; } = "";
    public string Spec { get; set; } = "";
    public string State { get; set; } = "";
    public string? Meta { get; set; }
    public long RouteHash { get; set; }
    public long CreatedAt { get; set; }
    public long StateChangedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static SpecInstanceRow From(SpecInstance instance) => new()
    {
        Id = instance.Id, Spec = instance.Spec, State = instance.State, Meta = instance.Meta, RouteHash = SpecShardRouter.RouteHash(instance.Id),
        CreatedAt = Millis(instance.CreatedAt), StateChangedAt = Millis(instance.StateChangedAt), UpdatedAt = Millis(instance.UpdatedAt),
    };

    public SpecInstance ToInstance() => new(Id, Spec, State, Meta, Time(CreatedAt), Time(StateChangedAt), Time(UpdatedAt));
}

/// <summary>A row of <c>spec_definitions</c> in SQLite's storage types.</summary>
internal sealed class SpecDefinitionRow
{
    public string Name { get; set; } = "";
    public string Spex { get; set; } = "";
    public long UpdatedAt { get; set; }

    public static SpecDefinitionRow From(StoredSpecification specification) =>
        new() { Name = specification.Name, Spex = specification.Spex, UpdatedAt = Millis(specification.UpdatedAt) };

    public StoredSpecification ToSpecification() => new(Name, Spex, Time(UpdatedAt));
}
