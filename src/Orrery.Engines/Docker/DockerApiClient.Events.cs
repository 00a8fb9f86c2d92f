using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Orrery.Engines.Docker;

// The daemon's event stream, which tells of exits and OOM kills within a second (SPEC §6).
internal sealed partial class DockerApiClient
{
    /// <summary>
    /// Container events (start, die, oom, destroy, ...) of the containers carrying all of <paramref name="labels"/>,
    /// as they happen, from <paramref name="since"/> on when given. Runs until the token fires or the daemon closes
    /// the stream (then it ends; the caller reconnects, with <c>since</c>, to miss nothing).
    /// </summary>
    public async IAsyncEnumerable<DockerEvent> StreamEventsAsync(
        IReadOnlyDictionary<string, string> labels, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"events?filters={LabelFilter(labels, ("type", "container"))}";
        if (since is { } from)
        {
            // Seconds.nanoseconds, as the docker CLI writes it.
            var sinceEpoch = from - DateTimeOffset.UnixEpoch;
            var seconds = (long)Math.Floor(sinceEpoch.TotalSeconds);
            var nanoseconds = (sinceEpoch - TimeSpan.FromSeconds(seconds)).Ticks * 100;
            path += string.Create(CultureInfo.InvariantCulture, $"&since={seconds}.{nanoseconds:000000000}");
        }
        using var response = await SendAsync(
            HttpMethod.Get, path, null, Timeout.InfiniteTimeSpan, cancellationToken, completion: HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            DockerEvent? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(line, DockerJsonContext.Default.DockerEvent);
            }
            catch (JsonException ex)
            {
                throw new DockerApiException($"The Docker daemon sent an unreadable event: {ex.Message}", null, ex);
            }
            if (parsed is not null)
            {
                yield return parsed;
            }
        }
    }
}
