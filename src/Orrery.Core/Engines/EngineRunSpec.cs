namespace Orrery.Engines;

/// <summary>What to run for one game.</summary>
/// <param name="StateDirectory">The per-game state directory on this machine, created by the caller.</param>
/// <param name="Host">
/// The name of the engine host chosen for it (<see cref="EngineHosts.EngineSlot.Host"/>); a node with several hosts
/// needs it, a single host ignores it.
/// </param>
public sealed record EngineRunSpec(Guid GameId, string EngineVersion, string ImageRef, string StateDirectory, string? Host = null);
