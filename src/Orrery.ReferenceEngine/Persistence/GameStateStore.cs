using System.Text.Json;
using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Persistence;

/// <summary>
/// Keeps the game in <c>state.json</c> under the state directory. Saves write a temp
/// file, flush it to disk and rename it over the old one, so a crash at any moment
/// leaves either the previous turn or the new one, never a torn file.
/// </summary>
internal sealed class GameStateStore
{
    public const string FileName = "state.json";
    private const string TempFileName = FileName + ".tmp";

    private readonly string _path;
    private readonly string _tempPath;

    public GameStateStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        _path = Path.Combine(Directory, FileName);
        _tempPath = Path.Combine(Directory, TempFileName);
    }

    /// <summary>The absolute state directory.</summary>
    public string Directory { get; }

    /// <summary>The saved game, or null when nothing was saved yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as a game.</exception>
    public async Task<GameState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        SavedGame? saved;
        try
        {
            saved = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Default.SavedGame, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path} is not a valid state file: {e.Message}", e);
        }

        if (saved?.Game is null || saved.Format != SavedGame.CurrentFormat)
        {
            throw new InvalidDataException($"{_path} has no game or an unknown format (expected {SavedGame.CurrentFormat}).");
        }

        return saved.Game;
    }

    public async Task SaveAsync(GameState state, CancellationToken cancellationToken)
    {
        await using (var stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(
                stream, new SavedGame(SavedGame.CurrentFormat, state), StateJsonContext.Default.SavedGame, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            // The rename is only atomic on disk if the data it points to is on disk first.
            stream.Flush(flushToDisk: true);
        }

        File.Move(_tempPath, _path, overwrite: true);
    }
}
