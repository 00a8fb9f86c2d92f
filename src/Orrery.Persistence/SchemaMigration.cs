using System.Reflection;
using Orrery.Storage;

namespace Orrery.Persistence;

/// <summary>
/// One versioned schema change: an embedded <c>&lt;Dialect&gt;/Migrations/NNNN_name.sql</c> script. Both dialects
/// number the same change alike, so <c>schema_migrations</c> means the same thing in either store.
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>The SQLite migrations shipped in this assembly, in the order they apply.</summary>
    public static IReadOnlyList<SchemaMigration> Sqlite { get; } = Load("Sqlite");

    /// <summary>The PostgreSQL migrations shipped in this assembly, in the order they apply.</summary>
    public static IReadOnlyList<SchemaMigration> Postgres { get; } = Load("Postgres");

    /// <summary>Refuses a database whose history holds a version past the last of <paramref name="known"/>.</summary>
    /// <exception cref="SchemaTooNewException">A newer Orrery migrated the database.</exception>
    public static void ThrowIfNewer(IEnumerable<int> recorded, IReadOnlyList<SchemaMigration> known)
    {
        var newest = recorded.DefaultIfEmpty(0).Max();
        var last = known[^1].Version;
        if (newest > last)
        {
            throw new SchemaTooNewException(newest, last);
        }
    }

    private static List<SchemaMigration> Load(string dialect)
    {
        // The csproj gives every script this logical name, whatever MSBuild would derive from its path.
        var prefix = $"Orrery.Persistence.{dialect}.Migrations.";
        var assembly = typeof(SchemaMigration).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var separator = name.IndexOf('_');
            if (separator <= 0 || !int.TryParse(name[..separator], out var version) || version <= 0)
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_description.sql.");
            }

            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new SchemaMigration(version, name, reader.ReadToEnd()));
        }

        // Two scripts with one number would apply in an undefined order on different machines.
        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Migrations {string.Join(", ", clash.Select(m => m.Name))} share version {clash.Key}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }
}
