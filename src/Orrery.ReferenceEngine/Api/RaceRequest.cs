namespace Orrery.ReferenceEngine.Api;

/// <summary>One race of an init request; <c>playerId</c> is an optional extension of the engine contract.</summary>
internal sealed record RaceRequest(string? RaceName, Guid? PlayerId);
