using Orrery.Runtime;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>player_stats</c> as read back (the writes bind arrays of standings, see <see cref="PostgresPlayerStatsStore"/>).</summary>
internal sealed class PlayerStatsRow
{
    public static readonly string[] Columns = TableColumns.PlayerStats;

    public Guid GameId { get; set; }
    public Guid UserId { get; set; }
    public string RaceName { get; set; } = "";
    public int CurrentPlanets { get; set; }
    public long CurrentPopulation { get; set; }
    public int MaxPlanets { get; set; }
    public long MaxPopulation { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public PlayerTurnStats ToStats() => new(UserId, RaceName, CurrentPlanets, CurrentPopulation, MaxPlanets, MaxPopulation);
}
