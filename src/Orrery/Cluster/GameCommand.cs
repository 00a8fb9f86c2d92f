using Orrery.Operations;

namespace Orrery.Cluster;

/// <summary>A lifecycle call for one game, carried to the replica that owns the game.</summary>
/// <param name="TargetVersion">The version a patch moves to; null for every other kind.</param>
[GenerateSerializer, Immutable]
public sealed record GameCommand(
    [property: Id(0)] Guid GameId,
    [property: Id(1)] OperationKind Kind,
    [property: Id(2)] OperationSource Source,
    [property: Id(3)] string? IdempotencyKey,
    [property: Id(4)] string? TargetVersion = null);
