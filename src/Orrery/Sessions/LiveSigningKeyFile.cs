using Microsoft.Extensions.Options;
using Orrery.Hosting;

namespace Orrery.Sessions;

/// <summary>
/// With no <c>Orrery:Live:SigningKeys</c> configured, uses the key in <c>&lt;data dir&gt;/live-signing.key</c>, generating it
/// at first start (mode 0600, created under a temporary name and moved into place, so a reader never sees half a key
/// and two nodes starting at once on one data directory end up with the same key). The key is never logged.
/// </summary>
internal sealed class LiveSigningKeyFile(string path) : IPostConfigureOptions<LiveTokenOptions>
{
    public const string FileName = "live-signing.key";

    public string Path { get; } = path;

    public void PostConfigure(string? name, LiveTokenOptions options)
    {
        if (options.SigningKeys.Count == 0)
        {
            options.SigningKeys.Add(LoadOrCreate());
        }
    }

    /// <exception cref="NodeConfigurationException">The file cannot be read or written, or holds no valid key.</exception>
    public string LoadOrCreate()
    {
        try
        {
            return File.Exists(Path) ? Load() : Create();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NodeConfigurationException($"Cannot read or create the live token signing key {Path}: {ex.Message}", ex);
        }
    }

    private string Load()
    {
        var key = File.ReadAllText(Path).Trim();
        return LiveSigningKeys.Decode(key) is not null
            ? key
            : throw new NodeConfigurationException(
                $"{Path} does not hold a base64 key of at least {LiveTokenOptions.MinimumKeyBytes} bytes; delete it to have a new one " +
                "generated (the player tokens it signed stop working) or set Orrery:Live:SigningKeys.");
    }

    private string Create()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var key = LiveSigningKeys.Generate();
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes(key + "\n"));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(Path))
        {
            // Another node on this data directory created it first: use that one, so both sign alike.
            return Load();
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
