using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orrery.Engines.Http;

/// <summary>
/// The engine HTTP contract over one shared <see cref="HttpClient"/>. Every call has its own deadline
/// (a linked token), so a hung engine costs one call its timeout and never a worker forever.
/// </summary>
internal sealed partial class HttpEngineClient : IEngineClient, IDisposable
{
    private const int MaxReportedBodyChars = 512;

    private readonly HttpClient _http;
    private readonly EngineClientOptions _options;
    private readonly ILogger _logger;

    public HttpEngineClient(IOptions<EngineClientOptions> options, ILogger<HttpEngineClient> logger)
    {
        _options = options.Value;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = _options.PooledConnectionLifetime,
            ConnectTimeout = _options.ConnectTimeout,
            AllowAutoRedirect = false,
            // Engines are on loopback or the Docker network: an HTTP_PROXY meant for the internet must not intercept them.
            UseProxy = false,
        };
        // Deadlines are per call (linked tokens), so the client-wide timeout is off.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = _options.MaxResponseBytes };
    }

    /// <summary>
    /// False on any failure, including the token firing: callers pass a probe deadline as the token (SPEC §4,
    /// §6), and a probe that ran out of time is an unhealthy answer, not an error. Callers that need to stop on
    /// their own cancellation check their token afterwards.
    /// </summary>
    public async Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(endpoint, "healthz"));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            Log.ProbeFailed(_logger, endpoint, ex.Message);
            return false;
        }
    }

    public Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken) =>
        CallAsync(
            HttpMethod.Post, endpoint, "api/v1/admin/init", "init",
            JsonContent.Create(request, EngineJsonContext.Default.EngineInitRequest), _options.RequestTimeout, cancellationToken);

    public Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, endpoint, "api/v1/admin/status", "status", null, _options.RequestTimeout, cancellationToken);

    public Task<EngineState> GenerateTurnAsync(Uri endpoint, Guid gameId, int expectedTurn, CancellationToken cancellationToken) =>
        CallAsync(
            HttpMethod.Put, endpoint, string.Create(CultureInfo.InvariantCulture, $"api/v1/admin/turn?expectedTurn={expectedTurn}&gameId={gameId:D}"), "turn",
            null, _options.TurnTimeout, cancellationToken, expectedTurn);

    public void Dispose() => _http.Dispose();

    /// <param name="expectedTurn">The fencing token of a turn call: a 409 <c>turn_mismatch</c> then throws <see cref="EngineTurnMismatchException"/>.</param>
    private async Task<EngineState> CallAsync(
        HttpMethod method, Uri endpoint, string path, string what, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken,
        int? expectedTurn = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, Resolve(endpoint, path)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        int? status = null;
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, what, endpoint, expectedTurn, deadline.Token);
            }
            return await response.Content.ReadFromJsonAsync(EngineJsonContext.Default.EngineState, deadline.Token)
                ?? throw new EngineCallException($"Engine {what} call to {endpoint} answered {status} with a null body.", status);
        }
        catch (OperationCanceledException ex)
        {
            // The caller's own cancellation wins; only then is a cancellation our deadline.
            cancellationToken.ThrowIfCancellationRequested();
            Log.CallFailed(_logger, what, endpoint, "timed out");
            throw new EngineCallException($"Engine {what} call to {endpoint} timed out after {timeout.TotalSeconds:0.###} s.", status, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Log.CallFailed(_logger, what, endpoint, ex.Message);
            throw new EngineCallException($"Engine {what} call to {endpoint} failed: {ex.Message}", status, ex);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            Log.CallFailed(_logger, what, endpoint, ex.Message);
            throw new EngineCallException($"Engine {what} call to {endpoint} answered {status} with an unreadable state: {ex.Message}", status, ex);
        }
    }

    /// <summary>
    /// The error for a non-success answer: its status, plus the problem+json <c>code</c> and <c>detail</c> when the engine
    /// sent them (else the start of the body). A fenced turn call answered 409 <c>turn_mismatch</c> with the engine's
    /// <c>actualTurn</c> is an <see cref="EngineTurnMismatchException"/>; without <c>actualTurn</c> it stays a plain failure.
    /// </summary>
    private static async Task<EngineCallException> FailureAsync(
        HttpResponseMessage response, string what, Uri endpoint, int? expectedTurn, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var statusText = $"{status} {response.ReasonPhrase}".TrimEnd();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "application/problem+json" or "application/json" && TryParseProblem(body) is { } problem)
        {
            var code = problem.Code is null ? "" : $" [{problem.Code}]";
            var message = $"Engine {what} call to {endpoint} answered {statusText}{code}: {problem.Detail ?? problem.Title ?? "no detail"}";
            return status == EngineTurnMismatchException.ConflictStatus
                   && problem.Code == EngineTurnMismatchException.Code
                   && expectedTurn is { } expected
                   && problem.ActualTurn is { } actual
                ? new EngineTurnMismatchException(message, expected, actual)
                : new EngineCallException(message, status);
        }
        var excerpt = body.Length > MaxReportedBodyChars ? body[..MaxReportedBodyChars] + "..." : body;
        return new EngineCallException(
            string.IsNullOrWhiteSpace(excerpt)
                ? $"Engine {what} call to {endpoint} answered {statusText}."
                : $"Engine {what} call to {endpoint} answered {statusText}: {excerpt}",
            status);
    }

    private static ProblemBody? TryParseProblem(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, EngineJsonContext.Default.ProblemBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Appends to the endpoint's path whether or not it ends with '/', unlike <c>new Uri(base, relative)</c>.</summary>
    private static Uri Resolve(Uri endpoint, string path) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/" + path);
}
