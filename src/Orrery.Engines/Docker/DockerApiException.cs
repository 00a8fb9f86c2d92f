namespace Orrery.Engines.Docker;

/// <summary>The Docker daemon refused a call, or could not be reached (<see cref="StatusCode"/> null).</summary>
internal class DockerApiException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}

/// <summary>404: no such container or image.</summary>
internal sealed class DockerNotFoundException(string message) : DockerApiException(message, 404);

/// <summary>409: a container name already in use, a removal already in progress, a container not running.</summary>
internal sealed class DockerConflictException(string message) : DockerApiException(message, 409);
