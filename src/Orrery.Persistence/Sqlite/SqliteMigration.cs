using System.Reflection;

namespace Orrery.Persistence.Sqlite;

/// <summary>One versioned schema change: an embedded <c>Migrations/NNNN_name.sql</c> script.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Orrery.Persistence.Sqlite.Migrations.";

    /// <summary>The migrations shipped in this assembly, in the order they apply.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } = Load(typeof(SqliteMigration).Assembly);

    private static List<SqliteMigration> Load(Assembly assembly)
    {
        var migrations = new List<SqliteMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = name.IndexOf('_');
            if (separator <= 0 || !int.TryParse(name[..separator], out var version) || version <= 0)
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_description.sql.");
            }

            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new SqliteMigration(version, name, reader.ReadToEnd()));
        }

        // Two scripts with one number would apply in an undefined order on different machines.
        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Migrations {string.Join(", ", clash.Select(m => m.Name))} share version {clash.Key}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }
}
