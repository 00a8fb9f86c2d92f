using Microsoft.Extensions.Options;

namespace Orrery.Engines;

/// <summary>
/// Per-game state directories under one root: <c>&lt;root&gt;/&lt;game-uuid&gt;</c>, mode 0750.
/// The path is built only from the parsed UUID, so no caller-supplied text ever reaches the file system.
/// </summary>
internal sealed class FileSystemStateDirectories(IOptions<StateDirectoriesOptions> options) : IStateDirectories
{
    private readonly string _root = Path.GetFullPath(
        string.IsNullOrWhiteSpace(options.Value.RootDirectory)
            ? throw new InvalidOperationException($"{nameof(StateDirectoriesOptions)}.{nameof(StateDirectoriesOptions.RootDirectory)} is required.")
            : options.Value.RootDirectory);

    public Task<string> EnsureAsync(Guid gameId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(gameId);
        PrivateDirectory.EnsureConfigured(_root);
        return Task.FromResult(PrivateDirectory.EnsureOwned(path));
    }

    public Task DeleteAsync(Guid gameId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(gameId);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string PathOf(Guid gameId)
    {
        var path = Path.GetFullPath(Path.Combine(_root, gameId.ToString("D")));

        // A UUID cannot escape the root; the check is defence in depth should the naming ever change.
        if (!path.StartsWith(Path.TrimEndingDirectorySeparator(_root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"State directory {path} is outside {_root}.");
        }
        return path;
    }
}
