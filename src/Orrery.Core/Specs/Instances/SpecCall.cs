namespace Orrery.Specs.Instances;

/// <summary>The instance operations of SPEC §9 that run on one shard.</summary>
public enum SpecCallKind
{
    Init,
    Transition,
    /// <summary>A change an implementation made (see <see cref="SpecInstances.PostObservedTransition"/>): an instance not there yet is created in <see cref="SpecCall.From"/>.</summary>
    ObservedTransition,
    Get,
    List,
    /// <summary>How many instances each specification has (the counts, not the instances, cross between replicas).</summary>
    CountBySpec,
    Delete,
    DeleteWhere,
    Mock,
}

/// <summary>
/// One instance operation as data: run by the shard here, or carried to the replica that runs the shard (a cluster's
/// replicas share no memory, so a closure cannot travel). Checked by <see cref="SpecInstances"/> before it is made.
/// </summary>
/// <param name="State">The initial state of an init, the state of a mock.</param>
/// <param name="Spec">The specification of an init or mock; the one expected of a transition; the filter of a list.</param>
public sealed record SpecCall(
    SpecCallKind Kind,
    string? Id = null,
    string? Spec = null,
    string? Action = null,
    string? From = null,
    string? To = null,
    string? State = null,
    string? Meta = null,
    SpecInstanceFilter? Filter = null)
{
    /// <summary>For the log: the operation and the instance.</summary>
    public string Describe => Id is null ? Kind.ToString() : $"{Kind} of {Id}";

    internal SpecCallResult Run(SpecShard shard) => Kind switch
    {
        SpecCallKind.Init => new(shard.Init(Spec!, Id!, Meta, State)),
        SpecCallKind.Transition => new(shard.Transition(Id!, Action!, To!, From, Spec)),
        SpecCallKind.ObservedTransition => new(shard.Transition(Id!, Action!, To!, From, Spec, createInSpec: Spec)),
        SpecCallKind.Get => new(shard.Get(Id!)),
        SpecCallKind.List => new(Instances: shard.List(Spec)),
        SpecCallKind.CountBySpec => new(CountsBySpec: shard.CountBySpec()),
        SpecCallKind.Delete => new(Count: shard.Delete(Id!) ? 1 : 0),
        SpecCallKind.DeleteWhere => new(Count: shard.Delete(Filter!)),
        SpecCallKind.Mock => new(shard.Mock(Spec!, Id!, State!, Meta)),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Not an instance operation."),
    };
}

/// <summary>What a <see cref="SpecCall"/> answered: the instance (init, transition, get, mock), the instances (list), a count (deletes) or the counts by specification.</summary>
public sealed record SpecCallResult(
    SpecInstance? Instance = null, IReadOnlyList<SpecInstance>? Instances = null, int Count = 0, IReadOnlyDictionary<string, int>? CountsBySpec = null);
