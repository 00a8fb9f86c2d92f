using Orrery.Runtime;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>player_stats</c>; written from a <see cref="PlayerStanding"/>, whose values are both the current ones and the candidate maxima.</summary>
internal sealed class PlayerStatsRow
{
    public static readonly string[] Columns = TableColumns.PlayerStats;

    public string GameId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string RaceName { get; set; } = "";
    public long CurrentPlanets { get; set; }
    public long CurrentPopulation { get; set; }
    public long MaxPlanets { get; set; }
    public long MaxPopulation { get; set; }
    public long UpdatedAt { get; set; }

    public static PlayerStatsRow From(Guid gameId, PlayerStanding standing, DateTimeOffset now) => new()
    {
        GameId = Text(gameId),
        UserId = Text(standing.UserId),
        RaceName = standing.RaceName,
        CurrentPlanets = standing.Planets,
        CurrentPopulation = standing.Population,
        MaxPlanets = standing.Planets,
        MaxPopulation = standing.Population,
        UpdatedAt = Millis(now),
    };

    public PlayerTurnStats ToStats() =>
        new(Uuid(UserId), RaceName, checked((int)CurrentPlanets), CurrentPopulation, checked((int)MaxPlanets), MaxPopulation);
}
