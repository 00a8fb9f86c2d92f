namespace Orrery.ReferenceEngine.Game;

/// <summary>A playing race.</summary>
/// <param name="PlayerId">The engine's player id, reported to Orrery as the player's <c>id</c>.</param>
/// <param name="Name">The race name, unique in the game.</param>
/// <param name="HomePlanetId">The planet the race started on.</param>
internal sealed record Race(Guid PlayerId, string Name, int HomePlanetId);
