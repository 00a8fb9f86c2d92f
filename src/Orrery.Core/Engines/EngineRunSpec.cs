namespace Orrery.Engines;

/// <summary>What to run for one game.</summary>
/// <param name="StateDirectory">The per-game state directory on this machine, created by the caller.</param>
public sealed record EngineRunSpec(Guid GameId, string EngineVersion, string ImageRef, string StateDirectory);
