using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Engines;
using Orrery.Hosting;
using Orrery.Operations;

namespace Orrery.Tests.Support;

/// <summary>
/// A whole node in memory: the real API, workers and SQLite store in a temp data directory, behind a
/// test server, with the engine host and client replaced by a <see cref="ScriptedEngineHost"/>.
/// </summary>
internal sealed class NodeHarness : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;

    private NodeHarness(WebApplication app, string dataDirectory, ScriptedEngineHost engines)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Engines = engines;
    }

    public string DataDirectory { get; }
    public ScriptedEngineHost Engines { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="engines">Engines left by a previous node on the same data directory: engines outlive nodes.</param>
    /// <param name="configure">Runs after the harness's own changes (a test's logger provider, say).</param>
    public static async Task<NodeHarness> StartAsync(
        IEnumerable<string>? settings = null, string? dataDirectory = null, ScriptedEngineHost? engines = null, Action<WebApplicationBuilder>? configure = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("orrery-node-").FullName;
        engines ??= new ScriptedEngineHost(TimeProvider.System);
        var args = new List<string>
        {
            $"--Orrery:DataDirectory={dataDirectory}",
            "--Orrery:Lifecycle:HealthzDeadline=00:00:02",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings ?? []);

        var app = OrreryNode.Build(args.ToArray(), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<IEngineHost>(engines);
            builder.Services.AddSingleton<IEngineClient>(engines);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new NodeHarness(app, dataDirectory, engines);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = _app.GetTestClient();
        client.BaseAddress = new Uri(client.BaseAddress!, "/api/v1/");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
    }

    /// <summary>Registers a game with the given races on the bundled version 1.0.0.</summary>
    public static async Task<Guid> RegisterGameAsync(HttpClient client, params string[] races)
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = "1.0.0",
            turnSchedule = "0 0 * * *",
            memberships = (races.Length > 0 ? races : ["Andorians", "Cygnans"]).Select(r => new { userId = Guid.NewGuid(), raceName = r }),
        };
        var response = await client.PutAsJsonAsync($"games/{gameId}", body);
        response.EnsureSuccessStatusCode();
        return gameId;
    }

    /// <summary>Polls an operation until it is final. A readiness wait for background work, not a timing assertion.</summary>
    public static async Task<OperationResponse> WaitForOperationAsync(HttpClient client, Guid operationId, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var operation = await client.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", Json, deadline.Token);
            if (operation!.Status is "succeeded" or "failed")
            {
                return operation;
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>POSTs a lifecycle call expecting 202, then waits for the operation to finish.</summary>
    public static async Task<OperationResponse> RunOperationAsync(HttpClient client, Guid gameId, string op)
    {
        var response = await client.PostAsync($"games/{gameId}/{op}", null);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<OperationResponse>(Json);
        return await WaitForOperationAsync(client, accepted!.OperationId);
    }

    /// <summary>An operation row as a node that died would have left it.</summary>
    public static Operation UnfinishedOperation(Guid gameId, OperationKind kind, OperationStatus status) => new()
    {
        Id = Guid.NewGuid(),
        GameId = gameId,
        Kind = kind,
        Source = OperationSource.Lobby,
        Status = status,
        CreatedAt = DateTimeOffset.UtcNow,
        StartedAt = status == OperationStatus.Running ? DateTimeOffset.UtcNow : null,
    };
}
