using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Hosting;
using Orrery.Tests.Support;

namespace Orrery.Tests.Auth;

public sealed class ApiKeyTests : NodeTest
{
    private const string AdminKey = "admin-key-0123456789";
    private const string LobbyKey = "lobby-key-0123456789";
    private const string ViewerKey = "viewer-key-012345678";
    private protected override IEnumerable<string> Settings =>
    [
        $"--Orrery:Auth:ApiKeys:0:Name=ops", $"--Orrery:Auth:ApiKeys:0:Key={AdminKey}", "--Orrery:Auth:ApiKeys:0:Role=admin",
        $"--Orrery:Auth:ApiKeys:1:Name=lobby", $"--Orrery:Auth:ApiKeys:1:Key={LobbyKey}", "--Orrery:Auth:ApiKeys:1:Role=lobby",
        $"--Orrery:Auth:ApiKeys:2:Name=grafana", $"--Orrery:Auth:ApiKeys:2:Key={ViewerKey}", "--Orrery:Auth:ApiKeys:2:Role=viewer",
    ];

    [Fact]
    public async Task Get_NoKey_Unauthorized() =>
        await (await Node.CreateClient().GetAsync("games", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task Get_WrongKey_Unauthorized() =>
        await (await Node.CreateClient("not-a-valid-key-at-all").GetAsync("games", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Theory]
    [InlineData(ViewerKey, HttpStatusCode.OK)]
    [InlineData(LobbyKey, HttpStatusCode.OK)]
    [InlineData(AdminKey, HttpStatusCode.OK)]
    public async Task ListGames_AnyRole_Allowed(string key, HttpStatusCode expected) =>
        (await Node.CreateClient(key).GetAsync("games", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(expected);

    [Theory]
    [InlineData(AdminKey, "ops", "admin")]
    [InlineData(LobbyKey, "lobby", "lobby")]
    [InlineData(ViewerKey, "grafana", "viewer")]
    public async Task Me_AnyKey_TellsItsNameAndRole(string key, string name, string role) =>
        (await Node.CreateClient(key).GetFromJsonAsync<CallerResponse>("me", NodeHarness.Json, TestContext.Current.CancellationToken))
            .ShouldBe(new CallerResponse(name, role, KeysRequired: true));

    [Fact]
    public async Task RegisterGame_ViewerKey_Forbidden()
    {
        var response = await Node.CreateClient(ViewerKey).PutAsJsonAsync($"games/{Guid.NewGuid()}", new { }, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task RegisterVersion_LobbyKey_Forbidden()
    {
        var response = await Node.CreateClient(LobbyKey).PutAsJsonAsync("engine-versions/2.0.0", new { imageRef = "x" }, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task LobbyFlow_LobbyKey_RegistersStartsAndRecordsLobbySource()
    {
        var lobby = Node.CreateClient(LobbyKey);
        var gameId = await NodeHarness.RegisterGameAsync(lobby);

        var operation = await NodeHarness.RunOperationAsync(lobby, gameId, "start");

        operation.Source.ShouldBe("lobby");
        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
    }

    [Fact]
    public async Task RegisterVersion_AdminKey_Ok() =>
        (await Node.CreateClient(AdminKey).PutAsJsonAsync("engine-versions/2.0.0", new { imageRef = "orrery/reference-engine:2.0.0" }, TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
}

public sealed class OpenModeTests
{
    [Fact]
    public void Build_NonLoopbackWithoutKeys_Refused()
    {
        var error = Should.Throw<NodeConfigurationException>(() =>
            OrreryNode.Build([$"--Orrery:DataDirectory={Path.GetTempPath()}", "--urls=http://0.0.0.0:7999"]));

        error.Message.ShouldContain("without API keys");
    }

    [Fact]
    public async Task Build_NonLoopbackWithKeys_Allowed()
    {
        await using var app = OrreryNode.Build(
        [
            $"--Orrery:DataDirectory={Directory.CreateTempSubdirectory().FullName}", "--urls=http://0.0.0.0:7999",
            "--Orrery:Auth:ApiKeys:0:Key=a-long-enough-admin-key", "--Orrery:Auth:ApiKeys:0:Role=admin",
        ]);

        app.ShouldNotBeNull();
    }

    [Fact]
    public void Build_ShortKeyOrUnknownRole_RefusedListingBoth()
    {
        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => OrreryNode.Build(
        [
            $"--Orrery:DataDirectory={Directory.CreateTempSubdirectory().FullName}",
            "--Orrery:Auth:ApiKeys:0:Key=zq9x", "--Orrery:Auth:ApiKeys:0:Role=admin",
            "--Orrery:Auth:ApiKeys:1:Key=a-long-enough-key-here", "--Orrery:Auth:ApiKeys:1:Role=superuser",
        ]));

        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldNotContain("zq9x"); // keys are never echoed
    }
}
