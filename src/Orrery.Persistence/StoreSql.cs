using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Persistence;

/// <summary>
/// The statements SQLite and PostgreSQL both run as written: Dapper's <c>@Name</c> parameters bound from a
/// row's properties, <c>ON CONFLICT</c>, <c>LIMIT/OFFSET</c>. Each dialect's store adds what is its own.
/// </summary>
internal static class StoreSql
{
    // ON CONFLICT DO UPDATE, not a delete and insert: that would cascade to the game's runtime record,
    // mappings and snapshots. created_at is not in the SET list, so it is kept.
    public static readonly string GameUpsert = $"""
        INSERT INTO games ({SqlColumns.Names(TableColumns.Games)}) VALUES ({SqlColumns.Parameters(TableColumns.Games)})
        ON CONFLICT (id) DO UPDATE SET
            target_engine_version = excluded.target_engine_version,
            turn_schedule = excluded.turn_schedule,
            updated_at = excluded.updated_at
        """;

    /// <summary>A game and its memberships in one statement. The membership columns start with game_id, where Dapper splits the row; NULL there means none.</summary>
    public static readonly string GameWithMemberships = $"""
        SELECT {SqlColumns.Select("g", TableColumns.Games)}, {SqlColumns.Select("m", TableColumns.Memberships)}
        FROM games g LEFT JOIN memberships m ON m.game_id = g.id
        WHERE g.id = @Id
        ORDER BY m.position
        """;

    public static readonly (string List, string Count) AllGames = GameListing(filter: "");

    public static readonly (string List, string Count) GamesByStatus = GameListing(filter: "WHERE r.status = @Status");

    /// <summary>
    /// Inserts a runtime record with no exception on either refusal: an existing record is a conflict (DO NOTHING)
    /// and an unknown game selects no row, so both change nothing; <paramref name="fence"/> is the dialect's
    /// check of the writer's fence (<c>@FenceShard</c>, <c>@FenceEpoch</c>).
    /// </summary>
    public static string RuntimeInsert(string fence) => $"""
        INSERT INTO runtime_records ({SqlColumns.Names(TableColumns.RuntimeRecords)})
        SELECT {SqlColumns.Parameters(TableColumns.RuntimeRecords)}
        WHERE EXISTS (SELECT 1 FROM games WHERE id = @GameId) AND {fence}
        ON CONFLICT (game_id) DO NOTHING
        """;

    /// <summary>
    /// A snapshot is written only if the game's record has not moved past its turn: an engine state read before a turn
    /// was recorded (a reconcile refresh racing the turn) would otherwise land after that turn's snapshot and make the
    /// game's history go back. Checked in the insert itself, so no turn can be recorded between the check and the write.
    /// </summary>
    public static string NotBehindTheRecord(string gameId, string turn) =>
        $"NOT EXISTS (SELECT 1 FROM runtime_records behind WHERE behind.game_id = {gameId} AND behind.current_turn > {turn})";

    /// <summary>A game's snapshots, newest first; seq breaks ties between snapshots observed in the same instant.</summary>
    public static readonly string SnapshotPage = $"""
        SELECT {SqlColumns.Select("s", TableColumns.HealthSnapshots)} FROM health_snapshots s
        WHERE s.game_id = @GameId
        ORDER BY s.observed_at DESC, s.seq DESC
        LIMIT @Size OFFSET @Offset
        """;

    public const string SnapshotCount = "SELECT COUNT(*) FROM health_snapshots WHERE game_id = @GameId";

    public static readonly string OperationSelect = $"SELECT {SqlColumns.Select("o", TableColumns.Operations)} FROM operations o";

    /// <summary>A game's operations, newest first; seq breaks ties between operations created in the same instant.</summary>
    public static readonly string OperationPage = $"{OperationSelect} WHERE o.game_id = @GameId ORDER BY o.created_at DESC, o.seq DESC LIMIT @Size OFFSET @Offset";

    public const string OperationCount = "SELECT COUNT(*) FROM operations WHERE game_id = @GameId";

    /// <summary>Literal statuses, the same expression as the partial index <c>operations_unfinished</c>, so the planner can use it.</summary>
    public static readonly string UnfinishedOperations =
        $"{OperationSelect} WHERE o.status IN ('{WireNames<OperationStatus>.Name(OperationStatus.Queued)}', '{WireNames<OperationStatus>.Name(OperationStatus.Running)}') " +
        "ORDER BY o.created_at, o.seq";

    private static (string List, string Count) GameListing(string filter) =>
    (
        // The runtime's columns come second and start with game_id: Dapper splits the row there and maps a
        // runtime whose game_id is NULL (no record, LEFT JOIN) to null.
        $"""
        SELECT {SqlColumns.Select("g", TableColumns.Games)}, {SqlColumns.Select("r", TableColumns.RuntimeRecords)}
        FROM games g LEFT JOIN runtime_records r ON r.game_id = g.id
        {filter}
        ORDER BY g.created_at, g.id
        LIMIT @Size OFFSET @Offset
        """,
        $"SELECT COUNT(*) FROM games g LEFT JOIN runtime_records r ON r.game_id = g.id {filter}"
    );
}
