using Orrery.Games;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>games</c>; its memberships live in <see cref="MembershipRow"/>.</summary>
internal sealed class GameRow
{
    public static readonly string[] Columns = TableColumns.Games;

    public string Id { get; set; } = "";
    public string TargetEngineVersion { get; set; } = "";
    public string TurnSchedule { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static GameRow From(Game game) => new()
    {
        Id = Text(game.Id),
        TargetEngineVersion = game.TargetEngineVersion,
        TurnSchedule = game.TurnSchedule,
        CreatedAt = Millis(game.CreatedAt),
        UpdatedAt = Millis(game.UpdatedAt),
    };

    public Game ToGame(IReadOnlyList<Membership> memberships) =>
        new(Uuid(Id), TargetEngineVersion, TurnSchedule, memberships, Time(CreatedAt), Time(UpdatedAt));
}
