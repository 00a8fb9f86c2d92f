using Orrery.Errors;

namespace Orrery.Engines.Docker;

// The steps of a start: image, previous container, create, start.
internal sealed partial class DockerEngineHost
{
    private async Task EnsureImageAsync(string imageRef, CancellationToken cancellationToken)
    {
        if (!ImageReference.IsWellFormed(imageRef))
        {
            throw new OrreryException(ErrorCodes.ImageUnavailable, $"'{imageRef}' is not a Docker image reference.");
        }
        if (_pullPolicy != ImagePullPolicy.Always && await _docker.TryInspectImageAsync(imageRef, cancellationToken) is not null)
        {
            return;
        }
        if (_pullPolicy == ImagePullPolicy.Never)
        {
            throw new OrreryException(ErrorCodes.ImageUnavailable, $"Image {imageRef} is not on the Docker host and the pull policy is never.");
        }
        Log.Pulling(_logger, imageRef, _options.PullPolicy);
        try
        {
            await _docker.PullImageAsync(imageRef, _options.PullTimeout, cancellationToken);
        }
        catch (DockerApiException ex)
        {
            throw new OrreryException(ErrorCodes.ImageUnavailable, $"Image {imageRef} could not be pulled (pull policy {_options.PullPolicy}): {ex.Message}", ex);
        }
    }

    /// <summary>The game's container name is taken by its previous engine: remove it if it is ours and stopped, else refuse.</summary>
    private async Task RemovePreviousAsync(string name, Guid gameId, CancellationToken cancellationToken)
    {
        if (await _docker.TryInspectContainerAsync(name, cancellationToken) is not { } previous)
        {
            return;
        }
        if (!IsOwn(previous))
        {
            throw OrreryException.Conflict(
                $"Container {name} exists but is not an engine of stack '{_options.Stack}'; give each stack its own ContainerPrefix.");
        }
        if (previous.State.Running)
        {
            throw OrreryException.Conflict($"Game {gameId} already has a running engine {previous.Id} ({name}).");
        }
        try
        {
            await _docker.RemoveContainerAsync(previous.Id, force: false, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
        }
    }

    private async Task<ContainerCreateResponse> CreateAsync(string name, ContainerCreateRequest request, EngineRunSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var created = await _docker.CreateContainerAsync(name, request, cancellationToken);
            foreach (var warning in created.Warnings ?? [])
            {
                Log.CreateWarning(_logger, spec.GameId, warning);
            }
            return created;
        }
        catch (DockerConflictException ex)
        {
            // Another Orrery instance of this stack started the game between our check and our create.
            throw new OrreryException(ErrorCodes.Conflict, $"Game {spec.GameId} already has an engine container {name}: {ex.Message}", ex);
        }
        catch (DockerNotFoundException ex)
        {
            throw new OrreryException(ErrorCodes.ImageUnavailable, $"Image {spec.ImageRef} is not on the Docker host: {ex.Message}", ex);
        }
    }

    /// <summary>Starts the container and reads back its state; a container that cannot start is removed, not left behind.</summary>
    private async Task<ContainerInspectResponse> StartAsync(string containerId, EngineRunSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            await _docker.StartContainerAsync(containerId, cancellationToken);
        }
        catch (DockerApiException)
        {
            await RemoveQuietlyAsync(containerId);
            throw;
        }
        return await _docker.TryInspectContainerAsync(containerId, cancellationToken)
            ?? throw new OrreryException(ErrorCodes.EngineStartFailed, $"The engine container {containerId} of game {spec.GameId} vanished as it started.");
    }

    /// <summary>Best effort: the start's own error is the one worth reporting.</summary>
    private async Task RemoveQuietlyAsync(string containerId)
    {
        try
        {
            await _docker.RemoveContainerAsync(containerId, force: true, CancellationToken.None);
        }
        catch (DockerApiException ex)
        {
            Log.CleanupFailed(_logger, containerId, ex.Message);
        }
    }
}
