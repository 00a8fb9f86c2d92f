using Orrery.Runtime;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>player_mappings</c>.</summary>
internal sealed class PlayerMappingRow
{
    public static readonly string[] Columns = TableColumns.PlayerMappings;

    public string GameId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string RaceName { get; set; } = "";
    public string EnginePlayerId { get; set; } = "";

    public static PlayerMappingRow From(PlayerMapping mapping) => new()
    {
        GameId = Text(mapping.GameId),
        UserId = Text(mapping.UserId),
        RaceName = mapping.RaceName,
        EnginePlayerId = Text(mapping.EnginePlayerId),
    };

    public PlayerMapping ToMapping() => new(Uuid(GameId), Uuid(UserId), RaceName, Uuid(EnginePlayerId));
}
