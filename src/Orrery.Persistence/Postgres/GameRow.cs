using Orrery.Games;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>games</c>; its memberships live in <see cref="MembershipRow"/>.</summary>
internal sealed class GameRow
{
    public static readonly string[] Columns = TableColumns.Games;

    public Guid Id { get; set; }
    public string TargetEngineVersion { get; set; } = "";
    public string TurnSchedule { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static GameRow From(Game game) => new()
    {
        Id = game.Id,
        TargetEngineVersion = game.TargetEngineVersion,
        TurnSchedule = game.TurnSchedule,
        CreatedAt = Utc(game.CreatedAt),
        UpdatedAt = Utc(game.UpdatedAt),
    };

    public Game ToGame(IReadOnlyList<Membership> memberships) =>
        new(Id, TargetEngineVersion, TurnSchedule, memberships, CreatedAt, UpdatedAt);
}
