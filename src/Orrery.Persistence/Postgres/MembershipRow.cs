using Orrery.Games;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>memberships</c>; <see cref="Position"/> keeps the order the lobby sent.</summary>
internal sealed class MembershipRow
{
    public static readonly string[] Columns = TableColumns.Memberships;

    public Guid GameId { get; set; }
    public int Position { get; set; }
    public Guid UserId { get; set; }
    public string RaceName { get; set; } = "";

    public Membership ToMembership() => new(UserId, RaceName);
}
