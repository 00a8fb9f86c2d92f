namespace Orrery.Specs.Instances;

/// <summary>
/// One instance of a specification (SPEC §9): an id unique across specifications, the state it is in, and the
/// caller's metadata (a JSON text, kept as given).
/// </summary>
/// <param name="StateChangedAt">When it entered <paramref name="State"/>: transition timeouts count from here, across restarts.</param>
/// <param name="UpdatedAt">Its last change of any kind (init, transition, mock): pruning counts idleness from here.</param>
public sealed record SpecInstance(
    string Id, string Spec, string State, string? Meta, DateTimeOffset CreatedAt, DateTimeOffset StateChangedAt, DateTimeOffset UpdatedAt);

/// <summary>Which instances a delete-by-filter removes: those matching every filter given (at least one).</summary>
/// <param name="IdleSince">Instances whose last change is at or before this time.</param>
public sealed record SpecInstanceFilter(string? Spec = null, string? State = null, DateTimeOffset? IdleSince = null)
{
    public bool IsEmpty => Spec is null && State is null && IdleSince is null;

    public bool Matches(SpecInstance instance) =>
        (Spec is null || instance.Spec == Spec)
        && (State is null || instance.State == State)
        && (IdleSince is null || instance.UpdatedAt <= IdleSince);
}
