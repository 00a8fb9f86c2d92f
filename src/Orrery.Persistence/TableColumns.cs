namespace Orrery.Persistence;

/// <summary>
/// The columns of each table, named once for both dialects: their schemas differ in column types, never in
/// names. Each row type of a dialect has a property per column (<c>game_id</c> -> <c>GameId</c>, see <see cref="SqlColumns"/>).
/// </summary>
internal static class TableColumns
{
    public static readonly string[] Games = ["id", "target_engine_version", "turn_schedule", "created_at", "updated_at"];

    public static readonly string[] Memberships = ["game_id", "position", "user_id", "race_name"];

    public static readonly string[] EngineVersions = ["version", "image_ref", "deprecated", "created_at"];

    public static readonly string[] RuntimeRecords =
    [
        "game_id", "status", "engine_id", "image_ref", "engine_version", "engine_endpoint", "state_path", "network",
        "turn_schedule", "current_turn", "engine_health", "paused", "paused_at", "skip_next_tick", "next_turn_at",
        "started_at", "stopped_at", "finished_at", "last_observed_at", "status_changed_at", "updated_at", "version",
        "last_health_event", "last_health_event_at", "last_health_event_details",
    ];

    public static readonly string[] PlayerMappings = ["game_id", "user_id", "race_name", "engine_player_id"];

    /// <summary>Without <c>seq</c>, which only orders the listing.</summary>
    public static readonly string[] HealthSnapshots = ["id", "game_id", "observed_at", "turn", "payload"];

    /// <summary>Without <c>seq</c>, which only orders the listings.</summary>
    public static readonly string[] Operations =
    [
        "id", "game_id", "op", "source", "status", "target_version", "image_ref", "engine_id",
        "error_code", "error_message", "idempotency_key", "created_at", "started_at", "finished_at",
    ];

    /// <summary>What <see cref="Orrery.Storage.IOperationStore.UpdateAsync"/> may change; the rest is fixed at insert.</summary>
    public static readonly string[] OperationUpdates =
        ["status", "target_version", "image_ref", "engine_id", "error_code", "error_message", "started_at", "finished_at"];

    public static readonly string[] PlayerStats =
        ["game_id", "user_id", "race_name", "current_planets", "current_population", "max_planets", "max_population", "updated_at"];

    /// <summary>A session pool's games (<see cref="Orrery.Sessions.ISessionPoolStore"/>), as comma-separated ids.</summary>
    public static readonly string[] LivePools = ["node_id", "pool_id", "game_ids", "updated_at"];

    public static readonly string[] LiveSessionBackups =
        ["game_id", "node_id", "pool_id", "session_id", "seq", "turn", "connections", "idle_since", "backed_up_at"];

    /// <summary>A registered specification (<see cref="Orrery.Specs.Instances.ISpecInstanceStore"/>) as its <c>.spex</c> text.</summary>
    public static readonly string[] SpecDefinitions = ["name", "spex", "updated_at"];

    /// <summary><c>route_hash</c> is the id's stable hash, so a shard reads back its own rows for any shard count.</summary>
    public static readonly string[] SpecInstances = ["id", "spec", "state", "meta", "route_hash", "created_at", "state_changed_at", "updated_at"];

    public static readonly string[] SpecModelTransitions = ["spec", "from_state", "action", "to_state"];
}
