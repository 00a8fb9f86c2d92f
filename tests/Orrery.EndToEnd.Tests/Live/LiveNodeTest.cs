using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Json.Schema;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests.Live;

/// <summary>
/// A live-session test on one embedded node with API keys of every role (so spectators and the token route are
/// checked as in production) and the pool fault injection on.
/// </summary>
public abstract class LiveNodeTest(string name) : EmbeddedNodeTest(name)
{
    protected const string AdminKey = "live-admin-key-0123456789";
    protected const string LobbyKey = "live-lobby-key-0123456789";
    protected const string ViewerKey = "live-viewer-key-0123456789";

    private NodeClient? _admin;

    private protected NodeClient Admin => _admin ?? throw new InvalidOperationException("The node has not started.");

    /// <summary>The schema the node serves: every message a test receives is checked against it.</summary>
    private protected JsonSchema Schema { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory, Settings());
        _admin = new NodeClient(Node.Url);
        _admin.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var schema = await _admin.Http.GetStringAsync("live/schema", TestContext.Current.CancellationToken);
        Schema = JsonSchema.FromText(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    protected static Dictionary<string, string> Settings() => new()
    {
        ["Orrery__Auth__ApiKeys__0__Name"] = "admin",
        ["Orrery__Auth__ApiKeys__0__Key"] = AdminKey,
        ["Orrery__Auth__ApiKeys__0__Role"] = "admin",
        ["Orrery__Auth__ApiKeys__1__Name"] = "lobby",
        ["Orrery__Auth__ApiKeys__1__Key"] = LobbyKey,
        ["Orrery__Auth__ApiKeys__1__Role"] = "lobby",
        ["Orrery__Auth__ApiKeys__2__Name"] = "viewer",
        ["Orrery__Auth__ApiKeys__2__Key"] = ViewerKey,
        ["Orrery__Auth__ApiKeys__2__Role"] = "viewer",
        ["Orrery__Live__FaultInjection"] = "true",
    };

    /// <summary>The members of a game, as registered.</summary>
    private protected async Task<IReadOnlyList<(Guid UserId, string RaceName)>> MembersAsync(Guid gameId)
    {
        var game = await Admin.GetGameAsync(gameId);
        return [.. game.Memberships.Select(m => (m.UserId, m.RaceName))];
    }

    /// <summary>Mints a player token through the lobby route.</summary>
    private protected async Task<string> TokenAsync(Guid gameId, Guid userId, NodeClient? client = null)
    {
        using var response = await (client ?? Admin).Http.PostAsync($"games/{gameId}/players/{userId}/token", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(NodeClient.Json, TestContext.Current.CancellationToken);
        answer.GetProperty("expiresAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        return answer.GetProperty("token").GetString()!;
    }

    private protected Task<LiveTestClient> PlayerAsync(Guid gameId, string token, LiveTestClient? resumeFrom = null) =>
        LiveTestClient.ConnectAsync(Node.Url, gameId, token: token, resumeFrom: resumeFrom, schema: Schema);
}
