using Orrery.Versions;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>engine_versions</c>.</summary>
internal sealed class EngineVersionRow
{
    public static readonly string[] Columns = TableColumns.EngineVersions;

    public string Version { get; set; } = "";
    public string ImageRef { get; set; } = "";
    public long Deprecated { get; set; }
    public long CreatedAt { get; set; }

    public static EngineVersionRow From(EngineVersion version) => new()
    {
        Version = version.Version.ToString(),
        ImageRef = version.ImageRef,
        Deprecated = Flag(version.Deprecated),
        CreatedAt = Millis(version.CreatedAt),
    };

    public EngineVersion ToEngineVersion() => new(SemVersion.Parse(Version), ImageRef, Flag(Deprecated), Time(CreatedAt));
}
