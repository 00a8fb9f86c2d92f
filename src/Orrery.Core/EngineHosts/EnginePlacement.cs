namespace Orrery.EngineHosts;

/// <summary>
/// Where a new engine goes (SPEC §10), free of I/O so every case is a table row: the reachable host with the most
/// room, the first configured on a tie. A replacement (restart, patch) stays on the game's current host while that has
/// room, and may stay there even when it is full, since it gives back the engine it replaces.
/// </summary>
public static class EnginePlacement
{
    /// <param name="hosts">Every host of the fleet, in configuration order.</param>
    /// <param name="currentHost">The host of the engine a replacement replaces; null for a start, or when unknown.</param>
    /// <param name="replacement">True for restart and patch.</param>
    /// <returns>The host to launch on, or null when none may take the engine (<c>engine_host_full</c>).</returns>
    public static HostRoom? Choose(IReadOnlyList<HostRoom> hosts, string? currentHost, bool replacement)
    {
        var current = replacement && currentHost is not null ? hosts.FirstOrDefault(h => h.Name == currentHost) : null;
        if (current is { HasRoom: true })
        {
            return current;
        }
        HostRoom? best = null;
        foreach (var host in hosts)
        {
            // Strictly more room: an equal one later in the list never displaces an earlier one.
            if (host.HasRoom && (best is null || host.Rank > best.Rank))
            {
                best = host;
            }
        }
        // A full current host still takes its own replacement: the game's engine count does not grow.
        return best ?? (current is { Reachable: true } ? current : null);
    }
}
