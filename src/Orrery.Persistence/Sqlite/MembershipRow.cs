using Orrery.Games;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>memberships</c>; <see cref="Position"/> keeps the order the lobby sent.</summary>
internal sealed class MembershipRow
{
    public static readonly string[] Columns = TableColumns.Memberships;

    public string GameId { get; set; } = "";
    public long Position { get; set; }
    public string UserId { get; set; } = "";
    public string RaceName { get; set; } = "";

    public static IEnumerable<MembershipRow> From(Game game) =>
        game.Memberships.Select((m, i) => new MembershipRow
        {
            GameId = Text(game.Id),
            Position = i,
            UserId = Text(m.UserId),
            RaceName = m.RaceName,
        });

    public Membership ToMembership() => new(Uuid(UserId), RaceName);
}
