using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>
/// One engine host and how full it is, from what the host reports: null wherever it could not be measured
/// (an unreachable host, engines without memory limits, a machine whose memory is unknown).
/// </summary>
/// <param name="Name">The host's name on this node.</param>
/// <param name="Capacity">Engines it may run; null when it has no capacity.</param>
/// <param name="Error">Why the host could not be asked; null when it answered.</param>
/// <param name="Running">Engines of this stack running on it.</param>
/// <param name="MemoryLimitBytes">
/// The sum of the running engines' memory limits; null when there is no running engine or one has no limit (its use
/// is unbounded, so a sum would understate it).
/// </param>
/// <param name="MemoryTotalBytes">The machine's memory.</param>
public sealed record EngineHostUsage(
    string Name,
    EngineHostInfo Info,
    int? Capacity,
    string? Error,
    int? Running,
    long? MemoryLimitBytes,
    long? MemoryTotalBytes)
{
    public bool Reachable => Error is null;

    /// <summary>Running engines as a fraction of the capacity.</summary>
    public double? Use => Running is { } running && Capacity is { } capacity ? (double)running / capacity : null;

    /// <summary>The engines' memory limits as a fraction of the machine's memory (above 1 when they overcommit it).</summary>
    public double? MemoryUse => MemoryLimitBytes is { } limits && MemoryTotalBytes is > 0 and var total ? (double)limits / total : null;

    public static EngineHostUsage Measured(
        string name, EngineHostInfo info, int? capacity, IReadOnlyList<EngineInstance> engines, EngineHostResources resources)
    {
        var running = engines.Where(e => e.Running).ToList();
        long? limits = running.Count > 0 && running.All(e => e.MemoryLimitBytes is not null) ? running.Sum(e => e.MemoryLimitBytes!.Value) : null;
        return new EngineHostUsage(name, info, capacity, null, running.Count, limits, resources.MemoryTotalBytes);
    }

    public static EngineHostUsage Unreachable(string name, EngineHostInfo info, int? capacity, string error) =>
        new(name, info, capacity, error, null, null, null);
}
