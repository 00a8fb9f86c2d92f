using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Orrery.Engines.Process;

/// <summary>
/// The manifests directory: one <c>&lt;game&gt;.json</c> per engine, written atomically (temp file, flush,
/// rename) so a reader, or an Orrery killed mid-write, only ever sees a whole manifest or none.
/// </summary>
internal sealed partial class EngineManifestStore(string directory, ILogger logger)
{
    private const UnixFileMode ManifestFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>Corrupt files already reported, with the write time seen, so a listing every few seconds logs each once.</summary>
    private readonly ConcurrentDictionary<string, DateTime> _reportedCorrupt = new(StringComparer.Ordinal);

    public string DirectoryPath { get; } = directory;

    public string ManifestPath(Guid gameId) => Path.Combine(DirectoryPath, gameId.ToString("D") + ".json");

    public string LogPath(Guid gameId) => Path.Combine(DirectoryPath, gameId.ToString("D") + ".log");

    public async Task WriteAsync(EngineManifest manifest, CancellationToken cancellationToken)
    {
        var target = ManifestPath(manifest.GameId);
        // A dot-prefixed name without the .json suffix: listings never pick up a half-written temp file.
        var temp = Path.Combine(DirectoryPath, $".{manifest.GameId:D}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = ManifestFileMode;
            }
            await using (var stream = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, ManifestJsonContext.Default.EngineManifest, cancellationToken);
                // Data on disk before the rename, or a crash could leave a renamed but empty manifest.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The manifest of a game, or null when there is none or it cannot be read.</summary>
    public async Task<EngineManifest?> ReadAsync(Guid gameId, CancellationToken cancellationToken) =>
        await TryReadAsync(ManifestPath(gameId), cancellationToken);

    /// <summary>Every readable manifest; unreadable ones are logged once and skipped, never fatal to a listing.</summary>
    public async Task<IReadOnlyList<EngineManifest>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(DirectoryPath))
        {
            return [];
        }
        var manifests = new List<EngineManifest>();
        foreach (var path in Directory.EnumerateFiles(DirectoryPath, "*.json"))
        {
            if (await TryReadAsync(path, cancellationToken) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }
        return manifests;
    }

    /// <summary>Deletes the game's manifest if it still describes <paramref name="engineId"/> (a newer engine may own it now).</summary>
    public async Task DeleteAsync(Guid gameId, string engineId, CancellationToken cancellationToken)
    {
        var path = ManifestPath(gameId);
        if (await TryReadAsync(path, cancellationToken) is { } current && current.EngineId == engineId)
        {
            File.Delete(path);
        }
    }

    private async Task<EngineManifest?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            var manifest = await JsonSerializer.DeserializeAsync(stream, ManifestJsonContext.Default.EngineManifest, cancellationToken);
            if (manifest is null || Path.GetFileName(path) != Path.GetFileName(ManifestPath(manifest.GameId)))
            {
                // A manifest must sit under its own game's name, or lookups by game would miss it.
                ReportCorrupt(path, "its game id does not match its file name");
                return null;
            }
            return manifest;
        }
        catch (FileNotFoundException)
        {
            return null; // Removed between the listing and the read.
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            ReportCorrupt(path, ex.Message);
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is never read as a manifest.
        }
    }

    private void ReportCorrupt(string path, string reason)
    {
        var written = File.GetLastWriteTimeUtc(path);
        if (!_reportedCorrupt.TryGetValue(path, out var seen) || seen != written)
        {
            _reportedCorrupt[path] = written;
            Log.CorruptManifest(logger, path, reason);
        }
    }
}
