namespace Orrery.EngineHosts;

/// <summary>
/// How many engines the node's engine host may run (<c>Orrery:EngineCapacity</c>, SPEC §10); with several Docker hosts,
/// the capacity of each host that does not set its own.
/// </summary>
public sealed class EngineCapacityOptions
{
    /// <summary>Engines of this stack the host may run at once; 0: no limit. The node sets a default by host kind.</summary>
    public int Capacity { get; set; }

    /// <summary>The capacity, or null when there is none.</summary>
    public int? Limit => Capacity > 0 ? Capacity : null;
}
