using Orrery.Runtime;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>player_mappings</c>.</summary>
internal sealed class PlayerMappingRow
{
    public static readonly string[] Columns = TableColumns.PlayerMappings;

    public Guid GameId { get; set; }
    public Guid UserId { get; set; }
    public string RaceName { get; set; } = "";
    public Guid EnginePlayerId { get; set; }

    public PlayerMapping ToMapping() => new(GameId, UserId, RaceName, EnginePlayerId);
}
