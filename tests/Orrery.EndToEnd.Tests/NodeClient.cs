using System.Net.Http.Json;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests;

/// <summary>Plain HTTP calls against a running node, and the engines it manages.</summary>
internal sealed class NodeClient(string url) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = new() { BaseAddress = new Uri(url + "/api/v1/"), Timeout = TimeSpan.FromSeconds(30) };

    public Task<Guid> RegisterGameAsync(params string[] races) => RegisterScheduledGameAsync("1.0.0", "0 0 * * *", races);

    public async Task<Guid> RegisterScheduledGameAsync(string version, string turnSchedule, params string[] races)
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = version,
            turnSchedule,
            memberships = races.Select(r => new { userId = Guid.NewGuid(), raceName = r }),
        };
        (await Http.PutAsJsonAsync($"games/{gameId}", body)).EnsureSuccessStatusCode();
        return gameId;
    }

    /// <summary>Registers an engine version that runs the bundled engine binary by its path, with extra arguments.</summary>
    public async Task RegisterEngineBinaryAsync(string version, string arguments = "")
    {
        var imageRef = $"{Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine")} {arguments}".Trim();
        (await Http.PutAsJsonAsync($"engine-versions/{version}", new { imageRef })).EnsureSuccessStatusCode();
    }

    public async Task<OperationResponse> RunAsync(Guid gameId, string op, object? request = null)
    {
        var response = await Http.PostAsync($"games/{gameId}/{op}", request is null ? null : JsonContent.Create(request));
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

    /// <summary>Forces a turn and waits until the node has recorded it (a wait on a real engine, not a timing assertion).</summary>
    public async Task ForceTurnAsync(Guid gameId)
    {
        var before = (await GetGameAsync(gameId)).Runtime!.CurrentTurn;
        (await Http.PostAsync($"games/{gameId}/force-next-turn", null)).EnsureSuccessStatusCode();
        await WaitForGameAsync(gameId, r => r.CurrentTurn > before);
    }

    /// <summary>Polls the game until its runtime satisfies <paramref name="condition"/>.</summary>
    public async Task<RuntimeResponse> WaitForGameAsync(Guid gameId, Func<RuntimeResponse, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var runtime = (await GetGameAsync(gameId)).Runtime;
            if (runtime is not null && condition(runtime))
            {
                return runtime;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Every entry of a stream, oldest first.</summary>
    public async Task<IReadOnlyList<StreamEntryResponse>> ReadStreamAsync(string stream) =>
        (await Http.GetFromJsonAsync<StreamReadResponse>($"streams/{stream}/entries?count=1000", Json))!.Entries;

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
