namespace Orrery.Engines.Docker;

// From the daemon's view of a container to the port's records.
internal sealed partial class DockerEngineHost
{
    /// <summary>Characters of a health check's output kept: enough for an error line, far below a health event's size limit.</summary>
    private const int MaxHealthOutput = 1024;

    private EngineInstance ToInstance(ContainerInspectResponse container) =>
        new(
            container.Id,
            GameIdOf(container),
            container.Config.Labels?.GetValueOrDefault(EngineLabels.EngineVersion),
            EndpointOf(container),
            container.State.Running,
            container.State.StartedAt,
            container.Config.Labels?.GetValueOrDefault(EngineLabels.Stack),
            container.HostConfig is { Memory: > 0 } hostConfig ? hostConfig.Memory : null,
            container.HostConfig?.NetworkMode);

    private static EngineInspection ToInspection(ContainerInspectResponse container) =>
        new(
            container.Id,
            container.State.Running,
            ExitCode: container.State.Running ? null : container.State.ExitCode,
            container.State.OomKilled,
            container.RestartCount,
            StartedAt: OrNull(container.State.StartedAt),
            FinishedAt: container.State.Running ? null : OrNull(container.State.FinishedAt),
            HealthCheck: container.State.Health is { Status: { } status } health
                ? new EngineHealthCheck(status, health.FailingStreak, LastOutput(health))
                : null);

    /// <summary>What the last check said, trimmed to what a health event's details can carry.</summary>
    private static string? LastOutput(ContainerHealth health) =>
        health.Log is [.., { Output: { } output }] ? Truncate(output.Trim(), MaxHealthOutput) : null;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static Guid? GameIdOf(ContainerInspectResponse container) =>
        container.Config.Labels?.GetValueOrDefault(EngineLabels.GameId) is { } label && Guid.TryParse(label, out var gameId) ? gameId : null;

    /// <summary>The recorded endpoint; a container without one (created by hand) is reached as on a user-defined network.</summary>
    private Uri EndpointOf(ContainerInspectResponse container) =>
        container.Config.Labels?.GetValueOrDefault(DockerLabels.Endpoint) is { } label && Uri.TryCreate(label, UriKind.Absolute, out var endpoint)
            ? endpoint
            : new Uri($"http://{container.Name?.TrimStart('/')}:{_options.EnginePort}/");

    /// <summary>Docker writes "never" as 0001-01-01T00:00:00Z.</summary>
    private static DateTimeOffset? OrNull(DateTimeOffset at) => at.Year <= 1 ? null : at;
}
