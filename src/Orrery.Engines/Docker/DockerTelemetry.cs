using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Engines.Docker;

/// <summary>Instruments of the Docker client, on the <c>Orrery</c> meter of the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class DockerTelemetry(IMeterFactory meters)
{
    private readonly Histogram<double> _requestDuration =
        meters.Create(OrreryTelemetry.Name).CreateHistogram<double>(
            "orrery.docker.request.duration", "s",
            "Docker Engine API calls, by route, method and status (error.type when the daemon did not answer); streams count until their headers.");

    public void Record(TimeSpan elapsed, HttpMethod method, string path, int? status, string? error) =>
        _requestDuration.Record(elapsed.TotalSeconds, new TagList
        {
            { "http.request.method", method.Method },
            { "http.route", Route(path) },
            { "http.response.status_code", status },
            { "error.type", error },
        });

    /// <summary>
    /// The path with its container id, name or image reference replaced by a placeholder and the query dropped,
    /// so a tag has a handful of values rather than one per container.
    /// </summary>
    public static string Route(string path)
    {
        var query = path.IndexOf('?');
        var bare = query < 0 ? path : path[..query];
        var version = bare.StartsWith('v') && bare.IndexOf('/') is > 0 and var slash ? slash + 1 : 0;
        bare = bare[version..];
        if (bare.StartsWith("containers/", StringComparison.Ordinal) && bare is not ("containers/create" or "containers/json"))
        {
            var rest = bare["containers/".Length..];
            var action = rest.IndexOf('/');
            return "containers/{id}" + (action < 0 ? "" : rest[action..]);
        }
        if (bare.StartsWith("images/", StringComparison.Ordinal) && bare != "images/create")
        {
            // Image references hold slashes themselves: only the last segment is the action.
            return bare.EndsWith("/json", StringComparison.Ordinal) ? "images/{name}/json" : "images/{name}";
        }
        return bare;
    }
}
