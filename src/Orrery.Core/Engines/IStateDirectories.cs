namespace Orrery.Engines;

/// <summary>Per-game engine state directories, which outlive engines so restarts and patches resume.</summary>
public interface IStateDirectories
{
    /// <summary>Creates (if needed) and returns the absolute path of the game's state directory.</summary>
    Task<string> EnsureAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>Deletes the game's state directory and everything in it; nothing happens if there is none.</summary>
    Task DeleteAsync(Guid gameId, CancellationToken cancellationToken);
}
