using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orrery.Cluster;

namespace Orrery.Persistence.Postgres;

/// <summary>
/// The fence that PostgreSQL writes on behalf of a game check in the same statement as the write: the writer's
/// epoch is still the shard's in <c>game_shards</c> and, with <see cref="PostgresStoreOptions.FenceOnMembership"/>,
/// the member that took it is still Active in Orleans' <c>orleansmembershiptable</c>.
/// </summary>
/// <remarks>
/// A refused fence fails the statement (<c>orrery_not_owner</c>, SQLSTATE <see cref="RefusedState"/>), so a write
/// that changed nothing is a lost compare-and-swap and a refusal is an error: no second round trip tells them
/// apart, and a batch (one implicit transaction) changes nothing when any of its fences fails. The shard row is
/// read <c>FOR SHARE</c>: a takeover's epoch update waits for the writes in flight under the old epoch, and a
/// write that starts after it sees the new epoch, so nothing the old owner writes lands after the new owner took over.
/// </remarks>
internal static partial class PostgresFencing
{
    /// <summary>The SQLSTATE <c>orrery_not_owner</c> raises (migration 0005).</summary>
    public const string RefusedState = "OR001";

    /// <summary>Orleans' SiloStatus.Active.</summary>
    public const int ActiveStatus = 3;

    /// <summary>
    /// A condition that is true while the fence (<paramref name="shard"/>, <paramref name="epoch"/>: parameters
    /// or columns) holds, and fails the statement when it does not.
    /// </summary>
    public static string Check(string shard, string epoch, bool membership) =>
        $"CASE WHEN EXISTS ({Holds(shard, epoch, membership)}) THEN TRUE ELSE orrery_not_owner(({shard})::integer, {epoch}) END";

    /// <summary>A query that returns a row while the fence holds.</summary>
    public static string Holds(string shard, string epoch, bool membership) => membership
        ? $"""
          SELECT 1 FROM game_shards f JOIN orleansmembershiptable m
              ON m.deploymentid = f.cluster_id AND m.address = f.address AND m.port = f.port AND m.generation = f.generation
          WHERE f.shard = {shard} AND f.epoch = {epoch} AND m.status = {ActiveStatus} FOR SHARE OF f
          """
        : $"SELECT 1 FROM game_shards f WHERE f.shard = {shard} AND f.epoch = {epoch} FOR SHARE";

    /// <summary>
    /// Runs <paramref name="write"/>; a refusal of its fence is reported to <paramref name="fences"/> and thrown as
    /// <see cref="OwnershipLostException"/> (never retried: the store's retries stop at it).
    /// </summary>
    public static async Task<T> GuardAsync<T>(IOwnerFences fences, IEnumerable<OwnerFence> used, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException ex) when (ex.SqlState == RefusedState)
        {
            var refused = Refused(ex, used);
            fences.Refused(refused);
            throw Lost(refused, ex);
        }
    }

    public static OwnershipLostException Lost(OwnerFence fence, Exception? inner = null) =>
        new(fence.Shard, $"Shard {fence.Shard} is no longer this node's (epoch {fence.Epoch} was superseded, or the node is not an active member).");

    /// <summary>The fence the error names, among those the statement used.</summary>
    private static OwnerFence Refused(PostgresException ex, IEnumerable<OwnerFence> used)
    {
        var named = RefusedMessage().Match(ex.MessageText);
        var shard = int.Parse(named.Groups["shard"].Value, CultureInfo.InvariantCulture);
        var epoch = long.Parse(named.Groups["epoch"].Value, CultureInfo.InvariantCulture);
        return used.FirstOrDefault(f => f.Shard == shard, new OwnerFence(shard, epoch));
    }

    [GeneratedRegex(@"shard (?<shard>\d+) epoch (?<epoch>\d+)")]
    private static partial Regex RefusedMessage();
}
