namespace Orrery.Engines;

/// <summary>
/// Every engine of the stack on the hosts that answered a listing, and the hosts that did not (SPEC §10): what the
/// reconciler needs to tell an engine that is gone from one it cannot see.
/// </summary>
public sealed record EngineListing(IReadOnlyList<EngineInstance> Engines, IReadOnlyList<UnreachableEngineHost> Unreachable)
{
    /// <summary>
    /// True when the engine <paramref name="engineId"/> may be on a host that did not answer: its id names such a host,
    /// or names no host (a plain id of a node that had one host) while some host did not answer.
    /// </summary>
    public bool MayHide(string? engineId)
    {
        if (engineId is null || Unreachable.Count == 0)
        {
            return false;
        }
        return !EngineIds.TrySplit(engineId, out var hostName, out _) || Unreachable.Any(h => h.Name == hostName);
    }
}

/// <summary>A host whose listing failed, with the reason.</summary>
public sealed record UnreachableEngineHost(string Name, string Error);
