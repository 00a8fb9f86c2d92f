using Microsoft.Extensions.Options;
using Orrery.Hosting;

namespace Orrery.Sessions;

/// <summary>
/// With no <c>Orrery:Live:SigningKeys</c> configured, uses the key in <c>&lt;data dir&gt;/live-signing.key</c>, generating it
/// at first start (mode 0600, created exclusively, so two nodes starting at once on one data directory end up with the
/// same key; a reader waits a moment for a key being written). The key is never logged.
/// </summary>
internal sealed class LiveSigningKeyFile(string path) : IPostConfigureOptions<LiveTokenOptions>
{
    public const string FileName = "live-signing.key";

    private const int LoadAttempts = 50;
    private static readonly TimeSpan LoadRetryDelay = TimeSpan.FromMilliseconds(20);

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

    /// <summary>
    /// Reads the key, waiting a moment for one being written: another node on this data directory may have created
    /// the file an instant ago and not written its key yet.
    /// </summary>
    private string Load()
    {
        for (var attempt = 1; ; attempt++)
        {
            var key = File.ReadAllText(Path).Trim();
            if (LiveSigningKeys.Decode(key) is not null)
            {
                return key;
            }
            if (attempt == LoadAttempts)
            {
                throw new NodeConfigurationException(
                    $"{Path} does not hold a base64 key of at least {LiveTokenOptions.MinimumKeyBytes} bytes; delete it to have a new one " +
                    "generated (the player tokens it signed stop working) or set Orrery:Live:SigningKeys.");
            }
            Thread.Sleep(LoadRetryDelay);
        }
    }

    /// <summary>
    /// Creates the file exclusively (O_EXCL): of nodes starting together on one data directory exactly one creates it,
    /// and the others read its key. (Writing a temporary file and moving it over was not exclusive: a move without
    /// overwrite checks, then renames, so two nodes could each keep their own key.)
    /// </summary>
    private string Create()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var key = LiveSigningKeys.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new FileStream(Path, options);
            file.Write(System.Text.Encoding.ASCII.GetBytes(key + "\n"));
            file.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(Path))
        {
            return Load(); // another node created it first: use its key, so both sign alike
        }
    }
}
