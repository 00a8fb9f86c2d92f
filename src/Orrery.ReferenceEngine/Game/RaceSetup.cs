namespace Orrery.ReferenceEngine.Game;

/// <summary>A race as asked for at init.</summary>
/// <param name="Name">The race name.</param>
/// <param name="PlayerId">The player id to use, or null to derive one from the game id and name.</param>
internal sealed record RaceSetup(string Name, Guid? PlayerId = null);
