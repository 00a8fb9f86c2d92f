using System.Formats.Tar;
using Orrery.Engines.Docker;

namespace Orrery.Engines.Tests.Docker;

/// <summary>
/// The image only the engine host contract needs, built once per daemon from a static busybox (Debian's
/// busybox-static) with <c>docker import</c>: no registry, no base image. The others come from
/// scripts/test-servers.sh: the reference engine (ORRERY_TEST_ENGINE_IMAGE) and the OOM probe (ORRERY_TEST_OOM_IMAGE).
/// </summary>
internal static class DockerTestImages
{
    /// <summary>Ignores SIGTERM and, once it does, touches <c>ready</c> in its state directory.</summary>
    public const string IgnoresSigterm = "orrery-test/ignores-sigterm:1";

    private static readonly string[] BusyboxPaths = ["/bin/busybox", "/usr/bin/busybox"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<string> ReadyOn = [];

    private static readonly Dictionary<string, string> Scripts = new()
    {
        [IgnoresSigterm] = """trap '' TERM; /bin/busybox touch "$GAME_STATE_PATH/ready"; while :; do /bin/busybox sleep 0.1; done""",
    };

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
            foreach (var (image, script) in Scripts)
            {
                if (await docker.TryInspectImageAsync(image, cancellationToken) is null)
                {
                    await ImportAsync(endpoint, image, script, cancellationToken);
                }
            }
            ReadyOn.Add(endpoint);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ImportAsync(string endpoint, string image, string script, CancellationToken cancellationToken)
    {
        var busybox = BusyboxPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The Docker tests build their small images from a static busybox: apt-get install busybox-static.");
        using var rootfs = new MemoryStream();
        await using (var tar = new TarWriter(rootfs, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(busybox, "bin/busybox", cancellationToken);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)0b1_111_111_111 }, cancellationToken);
        }
        rootfs.Position = 0;
        var command = System.Text.Json.JsonSerializer.Serialize(new[] { "/bin/busybox", "sh", "-c", script });
        await DockerCli.RunAsync(endpoint, ["import", "--change", $"CMD {command}", "-", image], rootfs, cancellationToken);
    }
}
