namespace Orrery.Tests.Shared;

/// <summary>
/// The reference engine, serving as ever, under an image <c>HEALTHCHECK</c> that fails every second (SPEC §6:
/// <c>inspect_unhealthy</c>). Built once per daemon on top of the reference engine image with the legacy builder (no
/// buildx plugin needed), from a Dockerfile alone: no registry, nothing to download.
/// </summary>
internal static class FailingHealthCheckImage
{
    public const string Tag = "orrery-test/failing-healthcheck:1";

    /// <summary>A check that cannot even run (no such program, and the image has no shell): it fails at once, every time.</summary>
    private const string Dockerfile = """
        ARG BASE
        FROM ${BASE}
        HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD ["/no-such-health-probe"]
        """;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<string> BuiltOn = [];

    /// <returns>The image's tag on the daemon at <paramref name="endpoint"/>.</returns>
    public static async Task<string> EnsureAsync(string endpoint, string referenceImage, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        var context = Directory.CreateTempSubdirectory("orrery-healthcheck-image-");
        try
        {
            if (!BuiltOn.Contains(endpoint))
            {
                await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), Dockerfile, cancellationToken);
                await PrivateDockerDaemon.RunDockerAsync(
                    endpoint, ["build", "-q", "--build-arg", $"BASE={referenceImage}", "-t", Tag, context.FullName], cancellationToken,
                    new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" });
                BuiltOn.Add(endpoint);
            }
            return Tag;
        }
        finally
        {
            context.Delete(recursive: true);
            Gate.Release();
        }
    }
}
