using Orrery.Versions;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>engine_versions</c>.</summary>
internal sealed class EngineVersionRow
{
    public static readonly string[] Columns = TableColumns.EngineVersions;

    public string Version { get; set; } = "";
    public string ImageRef { get; set; } = "";
    public bool Deprecated { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static EngineVersionRow From(EngineVersion version) => new()
    {
        Version = version.Version.ToString(),
        ImageRef = version.ImageRef,
        Deprecated = version.Deprecated,
        CreatedAt = Utc(version.CreatedAt),
    };

    public EngineVersion ToEngineVersion() => new(SemVersion.Parse(Version), ImageRef, Deprecated, CreatedAt);
}
