using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Cluster;

namespace Orrery.Api;

/// <summary><c>GET /api/v1/cluster</c> (SPEC §10, §11): the cluster's members and what each owns.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapCluster(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cluster", Get)
            .WithTags("Cluster")
            .WithDescription(
                "The cluster as the replica that answers sees it: Orleans' members (dead ones included until Orleans removes them) with " +
                "status and start time, and the shards and games each active member owns by the shard table. A node alone is a " +
                "one-replica cluster that owns every shard.")
            .RequireAuthorization(Roles.Viewer);
        return api;
    }

    public static async Task<Ok<ClusterResponse>> Get(ClusterStatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(ClusterResponse.From(await reader.ReadAsync(cancellationToken)));
}

/// <summary>The wire shape of <see cref="ClusterStatus"/>.</summary>
/// <param name="Enabled">False: a node alone (Orleans localhost clustering); true: replicas sharing PostgreSQL.</param>
/// <param name="Shards">Virtual shards games are spread over.</param>
/// <param name="Self">The silo that answered (<c>address:port@generation</c>).</param>
/// <param name="UnownedShards">Shards with no active owner right now (their owner died; the keeper places them again within seconds).</param>
/// <param name="UnownedGames">Games in those shards.</param>
/// <param name="Warning">Set when the membership table could not be read and the answering replica's own view is shown.</param>
public sealed record ClusterResponse(
    string ClusterId,
    bool Enabled,
    int Shards,
    string Self,
    IReadOnlyList<ClusterMemberResponse> Members,
    int UnownedShards,
    int UnownedGames,
    string? Warning)
{
    public static ClusterResponse From(ClusterStatus s) => new(
        s.ClusterId, s.Enabled, s.Shards, s.Self, [.. s.Members.Select(ClusterMemberResponse.From)], s.UnownedShards, s.UnownedGames,
        s.MembershipWarning);
}

/// <param name="Address">The silo endpoint, <c>ip:port</c>.</param>
/// <param name="Silo">The silo with its generation, as the shard table names owners: <c>ip:port@generation</c>.</param>
/// <param name="Status">Orleans' status: <c>created</c>, <c>joining</c>, <c>active</c>, <c>shutting_down</c>, <c>stopping</c> or <c>dead</c>.</param>
/// <param name="LastAliveAt">When the member last wrote that it is alive.</param>
/// <param name="IsSelf">True for the replica that answered.</param>
/// <param name="ShardsOwned">Shards whose latest epoch it holds (0 unless active).</param>
/// <param name="GamesOwned">Games in those shards.</param>
/// <param name="GamesActive">Of those, games not stopped, finished or removed.</param>
public sealed record ClusterMemberResponse(
    string Address,
    string Silo,
    string Name,
    string Host,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastAliveAt,
    bool IsSelf,
    int ShardsOwned,
    int GamesOwned,
    int GamesActive)
{
    public static ClusterMemberResponse From(ClusterMemberStatus m) => new(
        $"{m.Member.Address}:{m.Member.Port}", m.Member.Silo, m.Member.Name, m.Member.Host, m.Member.StatusName,
        m.Member.StartedAt, m.Member.LastAliveAt, m.IsSelf, m.ShardsOwned, m.GamesOwned, m.GamesActive);
}
