using System.Text.Json;

namespace Orrery.Engines.Docker;

// Image calls: inspect (is it here?) and pull.
internal sealed partial class DockerApiClient
{
    /// <summary>The image's details, or null when the daemon does not have it.</summary>
    /// <remarks>The reference goes into the path as it is (it holds '/'): callers check it with <see cref="ImageReference.IsWellFormed"/>.</remarks>
    public Task<ImageInspectResponse?> TryInspectImageAsync(string imageRef, CancellationToken cancellationToken) =>
        TryGetAsync($"images/{imageRef}/json", DockerJsonContext.Default.ImageInspectResponse, cancellationToken);

    /// <summary>Pulls the image from its registry (no credentials: public or daemon-trusted registries only).</summary>
    /// <exception cref="DockerApiException">The daemon refused the pull, or reported an error while pulling.</exception>
    public async Task PullImageAsync(string imageRef, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = $"images/create?fromImage={Uri.EscapeDataString(ImageReference.WithDefaultTag(imageRef))}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await SendAsync(HttpMethod.Post, path, null, timeout, deadline.Token, completion: HttpCompletionOption.ResponseHeadersRead);
            // A pull that fails half-way still answered 200: the failure is a line of the progress stream.
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.Length > 0 && TryReadProgress(line)?.Error is { Length: > 0 } error)
                {
                    throw new DockerApiException($"Docker could not pull {imageRef}: {error}");
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerApiException($"Pulling {imageRef} timed out after {timeout.TotalSeconds:0.###} s.", null, ex);
        }
    }

    private static PullProgress? TryReadProgress(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, DockerJsonContext.Default.PullProgress);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
