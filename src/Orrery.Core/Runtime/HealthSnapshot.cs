namespace Orrery.Runtime;

/// <summary>What the engine reported about its game at one moment, kept as its JSON payload.</summary>
public sealed record HealthSnapshot(Guid Id, Guid GameId, DateTimeOffset ObservedAt, int Turn, string Payload);
