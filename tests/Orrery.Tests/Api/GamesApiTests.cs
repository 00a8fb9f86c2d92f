using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orrery.Api;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class GamesApiTests : NodeTest
{
    private static object Game(string version = "1.0.0", string schedule = "*/5 * * * *", object? memberships = null) => new
    {
        targetEngineVersion = version,
        turnSchedule = schedule,
        memberships = memberships ?? new[] { new { userId = Guid.NewGuid(), raceName = "Andorians" } },
    };

    [Fact]
    public async Task Put_NewGame_CreatedThenReadable()
    {
        var gameId = Guid.NewGuid();

        var created = await Client.PutAsJsonAsync($"games/{gameId}", Game(), TestContext.Current.CancellationToken);
        var read = await Client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        read!.GameId.ShouldBe(gameId);
        read.Memberships.Single().RaceName.ShouldBe("Andorians");
        read.Runtime.ShouldBeNull();
    }

    [Fact]
    public async Task Put_ExistingGame_OkAndMembershipsReplaced()
    {
        var gameId = Guid.NewGuid();
        await Client.PutAsJsonAsync($"games/{gameId}", Game(), TestContext.Current.CancellationToken);

        var updated = await Client.PutAsJsonAsync($"games/{gameId}",
            Game(memberships: new[] { new { userId = Guid.NewGuid(), raceName = "Cygnans" }, new { userId = Guid.NewGuid(), raceName = "Denebians" } }),
            TestContext.Current.CancellationToken);
        var read = await Client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);

        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        read!.Memberships.Select(m => m.RaceName).ShouldBe(["Cygnans", "Denebians"], ignoreOrder: true);
    }

    public static TheoryData<string, object> BadGames() => new()
    {
        { "unknown version", Game(version: "9.9.9") },
        { "not semver", Game(version: "1.0") },
        { "bad cron", Game(schedule: "every minute") },
        { "never-firing cron", Game(schedule: "0 0 30 2 *") },
        { "zero memberships", Game(memberships: Array.Empty<object>()) },
        { "duplicate race", Game(memberships: new[] { new { userId = Guid.NewGuid(), raceName = "A" }, new { userId = Guid.NewGuid(), raceName = "A" } }) },
        { "empty race", Game(memberships: new[] { new { userId = Guid.NewGuid(), raceName = "" } }) },
        { "overlong race", Game(memberships: new[] { new { userId = Guid.NewGuid(), raceName = new string('r', 65) } }) },
        { "non-UUID user", Game(memberships: new[] { new { userId = "nope", raceName = "A" } }) },
    };

    [Theory]
    [MemberData(nameof(BadGames))]
    public async Task Put_BadInput_InvalidInputAndNothingWritten(string why, object body)
    {
        var gameId = Guid.NewGuid();

        var response = await Client.PutAsJsonAsync($"games/{gameId}", body, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
        (await Client.GetAsync($"games/{gameId}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound, why);
    }

    [Fact]
    public async Task Put_DeprecatedVersion_InvalidInput()
    {
        await Client.PutAsJsonAsync("engine-versions/1.0.7", new { imageRef = "builtin:reference-engine", deprecated = true }, TestContext.Current.CancellationToken);

        var response = await Client.PutAsJsonAsync($"games/{Guid.NewGuid()}", Game(version: "1.0.7"), TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input")).GetProperty("detail").GetString()!.ShouldContain("deprecated");
    }

    [Fact]
    public async Task Put_MalformedJson_InvalidInput()
    {
        var response = await Client.PutAsync($"games/{Guid.NewGuid()}",
            new StringContent("{\"targetEngineVersion\": \"1.0.0\", ", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Put_BodyOverOneMebibyte_PayloadTooLarge()
    {
        var padding = new string('x', 1024 * 1024);
        var response = await Client.PutAsync($"games/{Guid.NewGuid()}",
            new StringContent($"{{\"targetEngineVersion\": \"1.0.0\", \"pad\": \"{padding}\"}}", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData("games/not-a-uuid")]
    [InlineData("games/12345/operations")]
    [InlineData("operations/xyz")]
    public async Task Get_NonUuidId_InvalidInput(string path)
    {
        var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Get_UnknownRoute_NotFoundProblemWithCode() =>
        await (await Client.GetAsync("no-such-route", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

    [Fact]
    public async Task Get_UnknownGame_NotFound() =>
        await (await Client.GetAsync($"games/{Guid.NewGuid()}", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

    [Fact]
    public async Task List_StatusFilterAndPaging_Applied()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await NodeHarness.RegisterGameAsync(Client);
        }

        var all = await Client.GetFromJsonAsync<PageResponse<GameResponse>>("games?page=1&pageSize=2", NodeHarness.Json, ct);
        var running = await Client.GetFromJsonAsync<PageResponse<GameResponse>>("games?status=running", NodeHarness.Json, ct);

        all!.Items.Count.ShouldBe(2);
        all.Total.ShouldBe(3);
        running!.Total.ShouldBe(0);
    }

    [Theory]
    [InlineData("games?status=sleeping")]
    [InlineData("games?pageSize=0")]
    [InlineData("games?page=-1")]
    [InlineData("games?pageSize=100000")]
    public async Task List_BadQuery_InvalidInput(string path) =>
        await (await Client.GetAsync(path, TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");

    [Fact]
    public async Task EngineVersions_BundledVersionRegisteredAtFirstStart()
    {
        var versions = await Client.GetFromJsonAsync<List<EngineVersionResponse>>("engine-versions", NodeHarness.Json, TestContext.Current.CancellationToken);

        versions!.ShouldContain(v => v.Version == "1.0.0" && v.ImageRef == "builtin:reference-engine" && !v.Deprecated);
    }

    [Theory]
    [InlineData("1.0", "{\"imageRef\":\"x\"}")]
    [InlineData("1.0.1", "{\"imageRef\":\"\"}")]
    [InlineData("1.0.1", "{}")]
    public async Task PutEngineVersion_BadInput_InvalidInput(string version, string body) =>
        await (await Client.PutAsync($"engine-versions/{version}", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");

    [Fact]
    public async Task OpenApi_Document_ListsTheRoutes()
    {
        var client = Node.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        document.ShouldContain("/api/v1/games/{gameId}/start");
        document.ShouldContain("/api/v1/engine-versions/{version}");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_Ok(string path) =>
        (await Node.CreateClient().GetAsync(path, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
}
