using Dapper;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Persistence.Postgres;

/// <summary>Engine versions in the <c>engine_versions</c> table, keyed by their canonical semver text.</summary>
internal sealed class PostgresEngineVersionStore(PostgresDatabase database) : IEngineVersionStore
{
    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("v", EngineVersionRow.Columns)} FROM engine_versions v";

    // RETURNING hands back the stored row, whose created_at is the first registration's on an update. An
    // upsert: repeated after a transient failure, it writes and returns the same.
    private static readonly string UpsertSql = $"""
        INSERT INTO engine_versions AS v ({SqlColumns.Names(EngineVersionRow.Columns)})
        VALUES ({SqlColumns.Parameters(EngineVersionRow.Columns)})
        ON CONFLICT (version) DO UPDATE SET image_ref = excluded.image_ref, deprecated = excluded.deprecated
        RETURNING {SqlColumns.Select("v", EngineVersionRow.Columns)}
        """;

    public Task<EngineVersion> UpsertAsync(EngineVersion version, CancellationToken cancellationToken) =>
        database.RetryingAsync(async (connection, token) =>
        {
            var row = await connection.QuerySingleAsync<EngineVersionRow>(
                new CommandDefinition(UpsertSql, EngineVersionRow.From(version), cancellationToken: token));
            return row.ToEngineVersion();
        }, cancellationToken);

    public Task<EngineVersion?> GetAsync(SemVersion version, CancellationToken cancellationToken) =>
        database.RetryingAsync<EngineVersion?>(async (connection, token) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<EngineVersionRow>(new CommandDefinition(
                $"{SelectSql} WHERE v.version = @Version", new { Version = version.ToString() }, cancellationToken: token));
            return row?.ToEngineVersion();
        }, cancellationToken);

    /// <remarks>Semver precedence is not text order (1.10.0 &gt; 1.9.0, 1.0.0 &gt; 1.0.0-rc.1): sorted here, not in SQL.</remarks>
    public Task<IReadOnlyList<EngineVersion>> ListAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<EngineVersion>>(async (connection, token) =>
        {
            var rows = await connection.QueryAsync<EngineVersionRow>(new CommandDefinition(SelectSql, cancellationToken: token));
            return rows.Select(r => r.ToEngineVersion()).OrderByDescending(v => v.Version).ToList();
        }, cancellationToken);
}
