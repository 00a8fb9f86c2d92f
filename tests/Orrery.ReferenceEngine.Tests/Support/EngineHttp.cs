using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orrery.ReferenceEngine.Api;

namespace Orrery.ReferenceEngine.Tests.Support;

/// <summary>Calls of the engine contract, reading answers with the engine's own JSON context.</summary>
internal static class EngineHttp
{
    public const string InitPath = "/api/v1/admin/init";
    public const string StatusPath = "/api/v1/admin/status";
    public const string TurnPath = "/api/v1/admin/turn";

    public static Task<HttpResponseMessage> InitAsync(this HttpClient client, Guid gameId, params string[] races) =>
        client.PostRawAsync(InitPath, JsonSerializer.Serialize(
            new InitRequest(gameId, [.. races.Select(r => new RaceRequest(r, null))]), ApiJsonContext.Default.InitRequest));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> TurnAsync(this HttpClient client) =>
        client.PutAsync(TurnPath, content: null, TestContext.Current.CancellationToken);

    /// <summary>The turn call with its fencing token, <c>?expectedTurn=</c> (raw, so tests can send bad values).</summary>
    public static Task<HttpResponseMessage> TurnAsync(this HttpClient client, string expectedTurn) =>
        client.PutAsync($"{TurnPath}?expectedTurn={Uri.EscapeDataString(expectedTurn)}", content: null, TestContext.Current.CancellationToken);

    /// <summary>The turn call fenced by turn and game, as Orrery sends it (raw game id, so tests can send bad values).</summary>
    public static Task<HttpResponseMessage> TurnAsync(this HttpClient client, string expectedTurn, string gameId) =>
        client.PutAsync($"{TurnPath}?expectedTurn={Uri.EscapeDataString(expectedTurn)}&gameId={Uri.EscapeDataString(gameId)}",
            content: null, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> StatusAsync(this HttpClient client) =>
        client.GetAsync(StatusPath, TestContext.Current.CancellationToken);

    /// <summary>The StateResponse of a call that must have succeeded.</summary>
    public static async Task<StateResponse> ReadStateAsync(this HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var state = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.StateResponse, TestContext.Current.CancellationToken);
        return state.ShouldNotBeNull();
    }

    /// <summary>The <c>code</c> of a problem+json answer.</summary>
    public static async Task<string?> ReadProblemCodeAsync(this HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync();
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>The whole body of a problem+json answer.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return problem.RootElement.Clone();
    }
}
