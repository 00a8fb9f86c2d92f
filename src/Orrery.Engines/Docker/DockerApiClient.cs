using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orrery.Engines.Docker;

/// <summary>
/// A small client of the Docker Engine HTTP API over its unix socket (Docker.DotNet does not restore here; see
/// docs/dependencies.md). Only the calls Orrery needs, with source-generated JSON. The API version is negotiated
/// once with <c>GET /version</c>, as the docker CLI does: the daemon's own version, capped at the newest one this
/// client was written against, and never below the oldest whose fields it relies on.
/// </summary>
internal sealed partial class DockerApiClient : IDisposable
{
    /// <summary>Docker 20.10: every field and call used here exists from this version on.</summary>
    public static readonly Version MinimumApiVersion = new(1, 41);

    /// <summary>Docker 27; newer daemons still serve it (Docker 29 serves 1.44 and up).</summary>
    public static readonly Version MaximumApiVersion = new(1, 47);

    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly TimeSpan _requestTimeout;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private readonly DockerTelemetry? _telemetry;
    private string? _versionPrefix;

    /// <param name="telemetry">Records each call's duration; tests and tools that build a client alone pass none.</param>
    public DockerApiClient(string endpoint, TimeSpan requestTimeout, DockerTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        var socketPath = DockerEndpoint.TryGetSocketPath(endpoint, out var problem) ?? throw new ArgumentException(problem, nameof(endpoint));
        _endpoint = endpoint;
        _requestTimeout = requestTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => ConnectAsync(socketPath, cancellationToken),
            UseProxy = false,
            AllowAutoRedirect = false,
            // Bounds the parallel inspections of a listing; the daemon serialises much of its work anyway.
            MaxConnectionsPerServer = 16,
        };
        // The host name is never resolved (the socket is); Docker only needs a syntactically valid one.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }

    public async Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken)
    {
        using var response = await SendUnversionedAsync(HttpMethod.Get, "version", null, _requestTimeout, cancellationToken);
        return await ReadAsync(response, DockerJsonContext.Default.VersionResponse, cancellationToken);
    }

    /// <summary>The daemon's view of its machine (<c>GET /info</c>).</summary>
    public async Task<InfoResponse> GetInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "info", null, _requestTimeout, cancellationToken);
        return await ReadAsync(response, DockerJsonContext.Default.InfoResponse, cancellationToken);
    }

    /// <summary>The version this client speaks to a daemon that serves <paramref name="daemon"/> (and no older than <paramref name="daemonMinimum"/>).</summary>
    /// <exception cref="DockerApiException">The two have no version in common.</exception>
    public static Version Negotiate(Version daemon, Version? daemonMinimum)
    {
        var chosen = daemon < MaximumApiVersion ? daemon : MaximumApiVersion;
        if (chosen < MinimumApiVersion)
        {
            throw new DockerApiException($"The Docker daemon serves API {daemon}; Orrery needs {MinimumApiVersion} or newer (Docker 20.10+).");
        }
        if (daemonMinimum is not null && chosen < daemonMinimum)
        {
            throw new DockerApiException($"The Docker daemon needs API {daemonMinimum} or newer; Orrery speaks up to {MaximumApiVersion}.");
        }
        return chosen;
    }

    /// <summary>Sends a call on the negotiated API version; any status but 2xx and <paramref name="alsoFine"/> becomes a <see cref="DockerApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken,
        HttpStatusCode? alsoFine = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var prefix = await VersionPrefixAsync(cancellationToken);
        return await SendUnversionedAsync(method, prefix + path, content, timeout, cancellationToken, alsoFine, completion);
    }

    private async Task<HttpResponseMessage> SendUnversionedAsync(
        HttpMethod method, string path, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken,
        HttpStatusCode? alsoFine = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, deadline.Token);
        }
        catch (OperationCanceledException ex)
        {
            _telemetry?.Record(Stopwatch.GetElapsedTime(started), method, path, null, cancellationToken.IsCancellationRequested ? "cancelled" : "timeout");
            cancellationToken.ThrowIfCancellationRequested();
            throw new DockerApiException($"Docker {method} /{path} timed out after {timeout.TotalSeconds:0.###} s.", null, ex);
        }
        catch (HttpRequestException ex)
        {
            _telemetry?.Record(Stopwatch.GetElapsedTime(started), method, path, null, "unreachable");
            throw new DockerApiException($"Cannot reach the Docker daemon at {_endpoint} ({method} /{path}): {ex.Message}", null, ex);
        }
        _telemetry?.Record(Stopwatch.GetElapsedTime(started), method, path, (int)response.StatusCode, null);
        if (response.IsSuccessStatusCode || response.StatusCode == alsoFine)
        {
            return response;
        }
        using (response)
        {
            throw await ToExceptionAsync(response, method, path, cancellationToken);
        }
    }

    private async Task<string> VersionPrefixAsync(CancellationToken cancellationToken)
    {
        if (_versionPrefix is { } known)
        {
            return known;
        }
        await _negotiation.WaitAsync(cancellationToken);
        try
        {
            if (_versionPrefix is null)
            {
                // A failure is not cached: the next call asks again (the daemon may just have been restarted).
                var daemon = await GetVersionAsync(cancellationToken);
                var version = Negotiate(ParseVersion(daemon.ApiVersion), daemon.MinApiVersion is { } min ? ParseVersion(min) : null);
                _versionPrefix = string.Create(CultureInfo.InvariantCulture, $"v{version.Major}.{version.Minor}/");
            }
            return _versionPrefix;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    private static Version ParseVersion(string text) =>
        Version.TryParse(text, out var version) ? version : throw new DockerApiException($"The Docker daemon reported an unreadable API version '{text}'.");

    private static async Task<DockerApiException> ToExceptionAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = TryReadMessage(body) ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase : body.Trim());
        var message = $"Docker {method} /{path} answered {(int)response.StatusCode}: {detail}";
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new DockerNotFoundException(message),
            HttpStatusCode.Conflict => new DockerConflictException(message),
            _ => new DockerApiException(message, (int)response.StatusCode),
        };
    }

    private static string? TryReadMessage(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, DockerJsonContext.Default.ErrorResponse)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A GET whose 404 means "there is none".</summary>
    private async Task<T?> TryGetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, path, null, _requestTimeout, cancellationToken);
            return await ReadAsync(response, type, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new DockerApiException($"The Docker daemon answered {response.RequestMessage?.RequestUri?.AbsolutePath} with null.");
        }
        catch (JsonException ex)
        {
            throw new DockerApiException($"The Docker daemon answered {response.RequestMessage?.RequestUri?.AbsolutePath} with unreadable JSON: {ex.Message}", null, ex);
        }
    }

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary><c>filters</c> query value: every label must match (<c>key=value</c>).</summary>
    private static string LabelFilter(IReadOnlyDictionary<string, string> labels, params (string Key, string Value)[] more)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["label"] = labels.Select(l => $"{l.Key}={l.Value}").ToList(),
        };
        foreach (var (key, value) in more)
        {
            filters[key] = [value];
        }
        return Uri.EscapeDataString(JsonSerializer.Serialize<IReadOnlyDictionary<string, IReadOnlyList<string>>>(
            filters, DockerJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListString));
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
