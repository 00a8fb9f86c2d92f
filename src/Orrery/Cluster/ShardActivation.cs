namespace Orrery.Cluster;

/// <summary>Where a shard is active and with which epoch, as its grain reports it to the keeper.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardActivation([property: Id(0)] int Shard, [property: Id(1)] string Silo, [property: Id(2)] long Epoch);
