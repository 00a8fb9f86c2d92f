using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Orrery.Engines.Docker;

// Container calls: create, start, stop, kill, remove, list, inspect.
internal sealed partial class DockerApiClient
{
    /// <exception cref="DockerConflictException">The name is taken.</exception>
    /// <exception cref="DockerNotFoundException">The image is not on the daemon.</exception>
    public async Task<ContainerCreateResponse> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        using var body = JsonContent.Create(request, DockerJsonContext.Default.ContainerCreateRequest);
        using var response = await SendAsync(HttpMethod.Post, $"containers/create?name={Escape(name)}", body, _requestTimeout, cancellationToken);
        return await ReadAsync(response, DockerJsonContext.Default.ContainerCreateResponse, cancellationToken);
    }

    /// <summary>Starts the container; one already running is fine (304).</summary>
    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"containers/{Escape(id)}/start", null, _requestTimeout, cancellationToken, HttpStatusCode.NotModified);
    }

    /// <summary>
    /// SIGTERM (or the image's stop signal), then SIGKILL after <paramref name="grace"/>, which Docker counts in
    /// whole seconds: it is rounded up, so an engine always gets at least the grace asked for.
    /// </summary>
    /// <returns>False when the container was not running (304).</returns>
    public async Task<bool> StopContainerAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
        // The daemon answers only once the container is gone, so the call may take the whole grace period.
        var timeout = TimeSpan.FromSeconds(seconds) + _requestTimeout;
        using var response = await SendAsync(
            HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"containers/{Escape(id)}/stop?t={seconds}"), null, timeout, cancellationToken,
            HttpStatusCode.NotModified);
        return response.StatusCode != HttpStatusCode.NotModified;
    }

    /// <exception cref="DockerConflictException">The container is not running.</exception>
    public async Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"containers/{Escape(id)}/kill?signal={Escape(signal)}", null, _requestTimeout, cancellationToken);
    }

    /// <summary>Removes the container, killing it first when <paramref name="force"/> is set. Its volumes are kept (the state is a bind mount).</summary>
    public async Task RemoveContainerAsync(string id, bool force, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"containers/{Escape(id)}?force={(force ? "true" : "false")}", null, _requestTimeout, cancellationToken);
    }

    /// <summary>Every container (running or not) carrying all of <paramref name="labels"/>.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        ListAsync($"containers/json?all=true&filters={LabelFilter(labels)}", cancellationToken);

    /// <summary>The running containers carrying all of <paramref name="labels"/>.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListRunningContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        ListAsync($"containers/json?filters={LabelFilter(labels, ("status", "running"))}", cancellationToken);

    private async Task<IReadOnlyList<ContainerSummary>> ListAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, _requestTimeout, cancellationToken);
        return await ReadAsync(response, DockerJsonContext.Default.IReadOnlyListContainerSummary, cancellationToken);
    }

    /// <summary>The container's details, or null when the daemon has no container of that id or name.</summary>
    public Task<ContainerInspectResponse?> TryInspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        TryGetAsync($"containers/{Escape(idOrName)}/json", DockerJsonContext.Default.ContainerInspectResponse, cancellationToken);
}
