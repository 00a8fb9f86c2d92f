using System.Net.Http.Json;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests;

/// <summary>Plain HTTP calls against a running node, and the engines it manages.</summary>
internal sealed class NodeClient(string url) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = new() { BaseAddress = new Uri(url + "/api/v1/"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<Guid> RegisterGameAsync(params string[] races)
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = "1.0.0",
            turnSchedule = "0 0 * * *",
            memberships = races.Select(r => new { userId = Guid.NewGuid(), raceName = r }),
        };
        (await Http.PutAsJsonAsync($"games/{gameId}", body)).EnsureSuccessStatusCode();
        return gameId;
    }

    public async Task<OperationResponse> RunAsync(Guid gameId, string op)
    {
        var response = await Http.PostAsync($"games/{gameId}/{op}", null);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"{op} answered {(int)response.StatusCode}: {body}");
        }
        var accepted = JsonSerializer.Deserialize<OperationResponse>(body, Json)!;
        return await WaitAsync(accepted.OperationId);
    }

    /// <summary>Polls the operation until it is final (waiting on real engines, not asserting on time).</summary>
    public async Task<OperationResponse> WaitAsync(Guid operationId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var operation = (await Http.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", Json, deadline.Token))!;
            if (operation.Status is "succeeded" or "failed")
            {
                return operation;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    public async Task<GameResponse> GetGameAsync(Guid gameId) =>
        (await Http.GetFromJsonAsync<GameResponse>($"games/{gameId}", Json))!;

    /// <summary>Asks an engine for its state directly, as a player's client would.</summary>
    public static async Task<JsonElement?> EngineStatusAsync(string endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(endpoint), "api/v1/admin/status"));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose() => Http.Dispose();
}
