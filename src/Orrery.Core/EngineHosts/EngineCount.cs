using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>How many engines take room on a host: running ones only; an exited engine holds no memory or CPU.</summary>
public static class EngineCount
{
    public static int Running(IEnumerable<EngineInstance> engines) => engines.Count(e => e.Running);

    /// <summary>
    /// The running engines of every game but <paramref name="except"/>, plus the games in <paramref name="launching"/>
    /// whose engine is not listed yet: the room a launch for <paramref name="except"/> would find taken.
    /// </summary>
    public static int InUse(IEnumerable<EngineInstance> engines, IEnumerable<Guid> launching, Guid except)
    {
        var running = engines.Where(e => e.Running && e.GameId != except).ToList();
        var listed = running.Select(e => e.GameId).OfType<Guid>().ToHashSet();
        return running.Count + launching.Count(g => g != except && !listed.Contains(g));
    }
}
