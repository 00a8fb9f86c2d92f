namespace Orrery.Storage;

/// <summary>Brings the store's schema up to date; the node runs it once before serving.</summary>
public interface IStoreMigrator
{
    /// <returns>The versions of the migrations applied by this call (empty when already current).</returns>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);
}
