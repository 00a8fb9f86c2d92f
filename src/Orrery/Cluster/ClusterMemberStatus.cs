namespace Orrery.Cluster;

/// <summary>One member of <see cref="ClusterStatus"/> with what it owns.</summary>
/// <param name="ShardsOwned">Shards whose latest epoch this member took; counted only while it is Active.</param>
/// <param name="GamesOwned">Games with a runtime record in those shards.</param>
/// <param name="GamesActive">Of those, the ones not stopped, finished or removed.</param>
public sealed record ClusterMemberStatus(ClusterReplica Member, bool IsSelf, int ShardsOwned, int GamesOwned, int GamesActive);
