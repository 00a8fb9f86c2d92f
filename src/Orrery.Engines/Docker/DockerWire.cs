using System.Text.Json.Serialization;

namespace Orrery.Engines.Docker;

// The Docker Engine API's JSON, only the fields Orrery sends or reads (API 1.41+). The names are Docker's
// (PascalCase, a few exceptions spelled out); grouped in one file because they mean nothing apart.

/// <summary>Body of <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreateRequest(
    string Image,
    IReadOnlyList<string> Env,
    IReadOnlyDictionary<string, string> Labels,
    HostConfig HostConfig,
    string User);

internal sealed record HostConfig(
    IReadOnlyList<Mount> Mounts,
    string NetworkMode,
    long Memory,
    long MemorySwap,
    long NanoCpus,
    long PidsLimit,
    LogConfig? LogConfig,
    RestartPolicy RestartPolicy);

/// <summary>A bind mount; unlike the <c>Binds</c> strings, a path holding ':' cannot be misread.</summary>
internal sealed record Mount(string Type, string Source, string Target, bool ReadOnly);

internal sealed record LogConfig(string Type, IReadOnlyDictionary<string, string> Config);

internal sealed record RestartPolicy(string Name);

internal sealed record ContainerCreateResponse(string Id, IReadOnlyList<string>? Warnings);

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary(string Id, IReadOnlyList<string>? Names, IReadOnlyDictionary<string, string>? Labels, string? State);

/// <summary><c>GET /containers/{id}/json</c>.</summary>
internal sealed record ContainerInspectResponse(
    string Id,
    string? Name,
    int RestartCount,
    ContainerState State,
    ContainerConfig Config,
    InspectedHostConfig? HostConfig = null);

internal sealed record ContainerState(
    string? Status,
    bool Running,
    [property: JsonPropertyName("OOMKilled")] bool OomKilled,
    int ExitCode,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    ContainerHealth? Health);

/// <summary>Present only when the image or the container defines a HEALTHCHECK.</summary>
/// <param name="Log">The last few checks, oldest first.</param>
internal sealed record ContainerHealth(string? Status, int FailingStreak, IReadOnlyList<HealthCheckResult>? Log = null);

/// <summary>One run of a container's health check.</summary>
internal sealed record HealthCheckResult(int ExitCode, string? Output);

internal sealed record ContainerConfig(string? Image, IReadOnlyDictionary<string, string>? Labels);

/// <summary>
/// The part of an inspected container's <c>HostConfig</c> Orrery reads: its memory limit in bytes (0 for none) and its
/// network mode (<c>host</c>, or the user-defined network's name).
/// </summary>
internal sealed record InspectedHostConfig(long Memory, string? NetworkMode = null);

/// <summary><c>GET /images/{name}/json</c>.</summary>
internal sealed record ImageInspectResponse(string Id, IReadOnlyList<string>? RepoTags);

/// <summary>One line of the <c>POST /images/create</c> progress stream; a failed pull still answers 200 and says so here.</summary>
internal sealed record PullProgress(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>One line of <c>GET /events</c>.</summary>
internal sealed record DockerEvent(
    string Type,
    string Action,
    EventActor Actor,
    [property: JsonPropertyName("timeNano")] long TimeNano);

internal sealed record EventActor(
    [property: JsonPropertyName("ID")] string Id,
    IReadOnlyDictionary<string, string>? Attributes);

/// <summary><c>GET /version</c>.</summary>
internal sealed record VersionResponse(string Version, string ApiVersion, [property: JsonPropertyName("MinAPIVersion")] string? MinApiVersion);

/// <summary><c>GET /info</c>: the daemon's machine (inside Docker Desktop's VM, that VM).</summary>
/// <param name="MemTotal">Its memory in bytes.</param>
internal sealed record InfoResponse(long MemTotal);

/// <summary>The body of every Docker error answer.</summary>
internal sealed record ErrorResponse([property: JsonPropertyName("message")] string? Message);
