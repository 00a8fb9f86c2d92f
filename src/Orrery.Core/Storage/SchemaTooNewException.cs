namespace Orrery.Storage;

/// <summary>
/// The store's schema was migrated by a newer Orrery than this one: this binary does not know what those
/// migrations changed, so it refuses to run on it rather than write rows the newer schema does not expect.
/// </summary>
public sealed class SchemaTooNewException(int databaseVersion, int knownVersion)
    : Exception($"The database schema is at version {databaseVersion}, newer than this Orrery knows (up to {knownVersion}): run the newer Orrery that migrated it, or another database.")
{
    public int DatabaseVersion { get; } = databaseVersion;

    public int KnownVersion { get; } = knownVersion;
}
