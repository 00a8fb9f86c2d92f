using System.Diagnostics;
using System.Formats.Tar;
using System.Text.RegularExpressions;
using Orrery.Engines.Docker;

namespace Orrery.Engines.Tests.Docker;

/// <summary>
/// The one image only the engine host contract needs, built once per daemon with <c>docker import</c> from this
/// machine's own <c>/bin/sh</c> and <c>/bin/sleep</c> and the libraries they load: no registry, no base image, no
/// package to install. The other images come from scripts/test-servers.sh: the reference engine
/// (ORRERY_TEST_ENGINE_IMAGE) and the OOM probe (ORRERY_TEST_OOM_IMAGE).
/// </summary>
internal static partial class DockerTestImages
{
    /// <summary>Ignores SIGTERM and, once it does, creates <c>ready</c> in its state directory.</summary>
    public const string IgnoresSigterm = "orrery-test/ignores-sigterm:1";

    private const string Script = """trap '' TERM; : > "$GAME_STATE_PATH/ready"; while :; do /bin/sleep 1; done""";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<string> ReadyOn = [];

    public static async Task EnsureAsync(string endpoint, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (ReadyOn.Contains(endpoint))
            {
                return;
            }
            using var docker = new DockerApiClient(endpoint, TimeSpan.FromSeconds(30));
            if (await docker.TryInspectImageAsync(IgnoresSigterm, cancellationToken) is null)
            {
                await ImportAsync(endpoint, cancellationToken);
            }
            ReadyOn.Add(endpoint);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ImportAsync(string endpoint, CancellationToken cancellationToken)
    {
        using var rootfs = new MemoryStream();
        await using (var tar = new TarWriter(rootfs, TarEntryFormat.Pax, leaveOpen: true))
        {
            var programs = new Dictionary<string, string> { ["bin/sh"] = "/bin/sh", ["bin/sleep"] = "/bin/sleep" };
            var libraries = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (entry, path) in programs)
            {
                await tar.WriteEntryAsync(RealFile(path), entry, cancellationToken);
                libraries.UnionWith(await LibrariesOfAsync(path, cancellationToken));
            }
            foreach (var library in libraries)
            {
                await tar.WriteEntryAsync(RealFile(library), library.TrimStart('/'), cancellationToken);
            }
        }
        rootfs.Position = 0;
        var command = System.Text.Json.JsonSerializer.Serialize(new[] { "/bin/sh", "-c", Script });
        await DockerCli.RunAsync(endpoint, ["import", "--change", $"CMD {command}", "-", IgnoresSigterm], rootfs, cancellationToken);
    }

    /// <summary>The file itself: a symbolic link would go into the image as a link to a file that is not there.</summary>
    private static string RealFile(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    /// <summary>The shared libraries and the loader <c>ldd</c> lists for <paramref name="program"/>, as absolute paths.</summary>
    private static async Task<IEnumerable<string>> LibrariesOfAsync(string program, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ldd", [program]) { RedirectStandardOutput = true };
        using var ldd = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not run ldd.");
        var output = await ldd.StandardOutput.ReadToEndAsync(cancellationToken);
        await ldd.WaitForExitAsync(cancellationToken);
        return LibraryPath().Matches(output).Select(m => m.Groups["path"].Value);
    }

    /// <summary><c>libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)</c> or <c>/lib64/ld-linux-x86-64.so.2 (0x...)</c>.</summary>
    [GeneratedRegex(@"^\s*(?:\S+\s+=>\s+)?(?<path>/\S+)\s+\(0x", RegexOptions.Multiline)]
    private static partial Regex LibraryPath();
}
