using Dapper;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Persistence.Sqlite;

/// <summary>Engine versions in the <c>engine_versions</c> table, keyed by their canonical semver text.</summary>
internal sealed class SqliteEngineVersionStore(SqliteDatabase database) : IEngineVersionStore
{
    private static readonly string SelectColumns = SqlColumns.Select("v", EngineVersionRow.Columns);

    // RETURNING hands back the stored row, whose created_at is the first registration's on an update.
    private static readonly string UpsertSql = $"""
        INSERT INTO engine_versions ({SqlColumns.Names(EngineVersionRow.Columns)})
        VALUES ({SqlColumns.Parameters(EngineVersionRow.Columns)})
        ON CONFLICT (version) DO UPDATE SET image_ref = excluded.image_ref, deprecated = excluded.deprecated
        RETURNING {SqlColumns.Select(null, EngineVersionRow.Columns)}
        """;

    public Task<EngineVersion> UpsertAsync(EngineVersion version, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
        {
            var row = await connection.QuerySingleAsync<EngineVersionRow>(
                new CommandDefinition(UpsertSql, EngineVersionRow.From(version), cancellationToken: cancellationToken));
            return row.ToEngineVersion();
        }, cancellationToken);

    public Task<EngineVersion?> GetAsync(SemVersion version, CancellationToken cancellationToken) =>
        database.ReadAsync<EngineVersion?>(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<EngineVersionRow>(new CommandDefinition(
                $"SELECT {SelectColumns} FROM engine_versions v WHERE v.version = @Version",
                new { Version = version.ToString() }, cancellationToken: cancellationToken));
            return row?.ToEngineVersion();
        }, cancellationToken);

    /// <remarks>Semver precedence is not text order (1.10.0 &gt; 1.9.0, 1.0.0 &gt; 1.0.0-rc.1): sorted here, not in SQL.</remarks>
    public Task<IReadOnlyList<EngineVersion>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<EngineVersionRow>(
                new CommandDefinition($"SELECT {SelectColumns} FROM engine_versions v", cancellationToken: cancellationToken));
            IReadOnlyList<EngineVersion> versions = rows.Select(r => r.ToEngineVersion()).OrderByDescending(v => v.Version).ToList();
            return versions;
        }, cancellationToken);
}
