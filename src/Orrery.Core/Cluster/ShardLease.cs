namespace Orrery.Cluster;

/// <summary>A row of the shard table: who took the shard last, with which epoch, and when.</summary>
public sealed record ShardLease(int Shard, long Epoch, ShardOwner Owner, DateTimeOffset AcquiredAt);
