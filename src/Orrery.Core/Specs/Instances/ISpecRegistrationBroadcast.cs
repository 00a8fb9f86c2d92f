namespace Orrery.Specs.Instances;

/// <summary>
/// Tells the other replicas of a cluster that a specification was registered or replaced here, so that each takes it
/// up from the store before its shards see an instance of it (a replica starting later reads it at start).
/// </summary>
public interface ISpecRegistrationBroadcast
{
    /// <summary>Tells every other live replica; returns the replicas that could not be told (each logged).</summary>
    Task<IReadOnlyList<string>> RegisteredAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A node alone: there is nobody else to tell.</summary>
public sealed class NoOtherReplicas : ISpecRegistrationBroadcast
{
    public Task<IReadOnlyList<string>> RegisteredAsync(string name, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
}
