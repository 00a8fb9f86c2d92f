using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Orrery.EndToEnd.Tests;
using static Microsoft.Playwright.Assertions;

namespace Orrery.Dashboard.Tests;

/// <summary>The dashboard as an operator uses it: the real binary with real engines, in headless Chromium.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string ViewerKey = "viewer-key-0123456789abcdef";

    private readonly string _data = Directory.CreateTempSubdirectory("orrery-dashboard-").FullName;
    private OrreryProcess? _orrery;
    private Browser? _browser;

    public ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(60_000);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        if (_orrery is not null)
        {
            await _orrery.DisposeAsync();
        }
        EngineManifests.KillAll(_data);
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task FleetPage_DemoGames_ReachRunningLiveWithoutReload()
    {
        _browser = await Browser.LaunchAsync();
        _orrery = await OrreryProcess.StartAsync(_data, "--demo", "3");
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_orrery.Url + "/");
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("Live");
        // Survives only if the page is never reloaded.
        await page.EvaluateAsync("window.notReloaded = true");

        // A game registered and started after the page loaded appears and goes live through the feed alone.
        using var node = new NodeClient(_orrery.Url);
        var lateGame = await node.RegisterScheduledGameAsync("1.0.0", "*/5 * * * * *", "Andorians", "Cygnans");
        (await node.RunAsync(lateGame, "start")).Status.ShouldBe("succeeded");

        var rows = page.Locator("table#games tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("table#games tbody td.col-status")).ToHaveTextAsync(["running", "running", "running", "running"]);
        await Expect(page.Locator($"tr[data-game-id='{lateGame}'] td.col-status")).ToHaveTextAsync("running");
        await Expect(page.Locator(".count[data-status='running'] .n")).ToHaveTextAsync("4");
        // The engine host counts the late game's engine too, and its meter says the same to assistive technology.
        var hostMeter = page.GetByRole(AriaRole.Meter, new() { Name = "process · 4 / 100 engines" });
        await Expect(hostMeter).ToBeVisibleAsync();
        await Expect(hostMeter).ToHaveAttributeAsync("aria-valuetext", "4 of 100 engines");
        await Expect(page.Locator(".host[data-host='process'] .where")).ToHaveTextAsync(Path.Combine(_data, "engines"));
        // The cluster card: a node alone is one active member, this replica, owning every shard and the four games.
        var members = page.Locator("table#cluster-members tbody tr");
        await Expect(members).ToHaveCountAsync(1);
        await Expect(page.Locator("section.cluster").GetByRole(AriaRole.Status))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^this node alone: 1 of 1 member active · 64 shards$"));
        await Expect(members.Locator("td.member-status")).ToHaveTextAsync("active");
        await Expect(members.Locator("th")).ToContainTextAsync("(this replica)");
        await Expect(members.Locator("td.num")).ToHaveTextAsync(["64", "4 (4)"]);
        (await page.EvaluateAsync<bool>("window.notReloaded === true")).ShouldBeTrue("the page must update without a reload");

        // Search narrows the table without a round trip.
        await page.GetByLabel("Search").FillAsync(lateGame.ToString()[..8]);
        await Expect(page.Locator("table#games tbody tr:visible")).ToHaveCountAsync(1);
        await page.GetByLabel("Search").FillAsync("");
        await Browser.ScreenshotAsync(page, "fleet");
    }

    [Fact]
    public async Task GamePage_Pause_ShowsPausedFlagAndOperation_AndOffersOnlyWhatTheStatusAllows()
    {
        _browser = await Browser.LaunchAsync();
        _orrery = await OrreryProcess.StartAsync(_data);
        using var node = new NodeClient(_orrery.Url);
        var gameId = await StartQuietGameAsync(node);
        await node.ForceTurnAsync(gameId);
        await node.ForceTurnAsync(gameId);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"{_orrery.Url}/#/games/{gameId}");
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("Live");
        await Expect(page.Locator("dd[data-field='paused']")).ToHaveTextAsync("no");
        // A running game: no start (it runs), no resume (it is not paused).
        await Expect(page.Locator("button[data-op]")).ToHaveCountAsync(5);
        await Expect(page.Locator("button[data-op]")).ToHaveTextAsync(["Stop", "Pause", "Restart", "Patch", "Force next turn"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Expect(page.Locator("dd[data-field='paused']")).ToHaveTextAsync("paused");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Pause: succeeded");
        var pauseRow = page.Locator("#operations tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "pause" }) });
        await Expect(pauseRow.Locator("td").First).ToHaveTextAsync("succeeded");
        (await node.GetGameAsync(gameId)).Runtime!.Paused.ShouldBeTrue();
        await Expect(page.Locator("button[data-op]")).ToHaveTextAsync(["Stop", "Resume", "Restart", "Patch", "Force next turn"]);

        // A turn played behind the page's back shows up live in the record.
        await node.ForceTurnAsync(gameId);
        await Expect(page.Locator("dd[data-field='currentTurn']")).ToHaveTextAsync("3");
        await Expect(page.Locator("#charts svg polyline")).ToHaveCountAsync(4); // 2 races x (planets, population)
        await Browser.ScreenshotAsync(page, "game");

        // Stopped behind the page's back: start is all that is left.
        (await node.RunAsync(gameId, "stop")).Status.ShouldBe("succeeded");
        await Expect(page.Locator("dd[data-field='status']")).ToHaveTextAsync("stopped");
        await Expect(page.Locator("button[data-op]")).ToHaveTextAsync(["Start"]);
    }

    [Fact]
    public async Task ViewerKey_SeesNoActions_AndAForcedPostIsForbidden()
    {
        _browser = await Browser.LaunchAsync();
        _orrery = await OrreryProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["Orrery__Auth__ApiKeys__0__Name"] = "ops", ["Orrery__Auth__ApiKeys__0__Key"] = AdminKey, ["Orrery__Auth__ApiKeys__0__Role"] = "admin",
            ["Orrery__Auth__ApiKeys__1__Name"] = "wallboard", ["Orrery__Auth__ApiKeys__1__Key"] = ViewerKey, ["Orrery__Auth__ApiKeys__1__Role"] = "viewer",
        });
        using var node = new NodeClient(_orrery.Url);
        node.Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        var gameId = await StartQuietGameAsync(node);

        var viewer = await _browser.NewPageAsync();
        await viewer.GotoAsync($"{_orrery.Url}/#/games/{gameId}");
        await viewer.GetByLabel("API key", new() { Exact = true }).FillAsync(ViewerKey);
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(viewer.Locator("#caller")).ToHaveTextAsync("wallboard (viewer)");
        await Expect(viewer.Locator("dd[data-field='status']")).ToHaveTextAsync("running");
        await Expect(viewer.Locator("#feed-state")).ToHaveTextAsync("Live");
        await Expect(viewer.Locator("button[data-op]")).ToHaveCountAsync(0);
        (await viewer.EvaluateAsync<string?>("localStorage.getItem('orrery.apiKey')")).ShouldBeNull("the key is kept for the session only");

        var forced = await viewer.EvaluateAsync<int>(
            "async id => (await fetch(`/api/v1/games/${id}/pause`, { method: 'POST', headers: { Authorization: `Bearer ${sessionStorage.getItem('orrery.apiKey')}` } })).status",
            gameId.ToString());
        forced.ShouldBe((int)HttpStatusCode.Forbidden);

        var admin = await _browser.NewPageAsync();
        await admin.GotoAsync($"{_orrery.Url}/#/games/{gameId}");
        await admin.GetByLabel("API key", new() { Exact = true }).FillAsync(AdminKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(admin.Locator("button[data-op]")).ToHaveCountAsync(5); // all but start and resume: the game runs
    }

    [Fact]
    public async Task PlayerPage_ShowsEachNewTurnLiveWithoutReload_AndTheGamePageCountsTheConnection()
    {
        _browser = await Browser.LaunchAsync();
        _orrery = await OrreryProcess.StartAsync(_data);
        using var node = new NodeClient(_orrery.Url);
        var gameId = await StartQuietGameAsync(node);
        var player = (await node.GetGameAsync(gameId)).Memberships[0];
        using var minted = await node.Http.PostAsync($"games/{gameId}/players/{player.UserId}/token", null, TestContext.Current.CancellationToken);
        minted.EnsureSuccessStatusCode();
        var token = (await minted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("token").GetString();

        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"{_orrery.Url}/play/{gameId}?token={token}");
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("Live");
        page.Url.ShouldNotContain("token", customMessage: "the page drops the token from its address");
        await Expect(page.Locator("#status")).ToHaveTextAsync("running");
        // A daily schedule: the next turn is hours away, counted down in hours and minutes.
        await Expect(page.Locator("#countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ (h|min)"));
        await Expect(page.Locator("#standings tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator($"#standings tbody tr[data-user='{player.UserId}'] td").Last).ToHaveTextAsync("online");
        await page.EvaluateAsync("window.notReloaded = true");

        await node.ForceTurnAsync(gameId);
        await Expect(page.Locator("#turn")).ToHaveTextAsync("1");
        await Expect(page.Locator("#turns li")).ToHaveCountAsync(1);
        await node.ForceTurnAsync(gameId);
        await Expect(page.Locator("#turns li").First).ToHaveAttributeAsync("data-turn", "2");
        await Expect(page.Locator("#countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ (h|min)"));
        (await page.EvaluateAsync<bool>("window.notReloaded === true")).ShouldBeTrue("the page must update without a reload");
        await Browser.ScreenshotAsync(page, "player");

        var dashboard = await _browser.NewPageAsync();
        await dashboard.GotoAsync($"{_orrery.Url}/#/games/{gameId}");
        await Expect(dashboard.Locator("#live-summary")).ToHaveTextAsync("1 connection: 1 player online, 0 spectators");
        await Expect(dashboard.Locator("#live-players li")).ToHaveTextAsync($"{player.RaceName} (1)");
    }

    [Fact]
    public async Task SpecsPages_ShowSpecsInstancesModelsAndDeviations_AndTheGamePageItsLifecycleState()
    {
        _browser = await Browser.LaunchAsync();
        // Timeouts checked every second, so the door's one-second transition timeout is reported within the test.
        _orrery = await OrreryProcess.StartAsync(_data, new Dictionary<string, string> { ["Orrery__Specs__TimeoutCheckInterval"] = "00:00:01" });
        using var node = new NodeClient(_orrery.Url);
        var gameId = await StartQuietGameAsync(node);
        await PutSpecAsync(node, "door",
            "Specification: door\nLearning mode: false\nTransition timeout: 1s\nTransitions:\n"
            + "nil --[__initialisation__]-> closed\nclosed --[open]-> opened\nopened --[close]-> closed\n");
        // Outside learning mode every step new to the model is a deviation; "open" is allowed by the spec, so it is accepted.
        await PostSpecAsync(node, "specs/door/instances", new { id = "front" });
        await PostSpecAsync(node, "specs/door/instances/front/transitions", new { action = "open", to = "opened" });

        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"{_orrery.Url}/#/specs");
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("Live");
        await page.EvaluateAsync("window.notReloaded = true");
        await Expect(page.Locator("table#specs tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table#specs tr[data-spec='door'] td")).ToHaveTextAsync(["off", "3", "2", "1", "2"]);
        await Expect(page.Locator("table#specs tr[data-spec='game-runtime'] td").Nth(3)).ToHaveTextAsync("1");
        var open = page.Locator("table#deviations tbody tr").Filter(new() { HasTextString = "closed --[open]-> opened" });
        await Expect(open.Locator("th")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^deviation (still|not) equivalent$"));
        await Expect(open.Locator("td").Nth(1)).ToHaveTextAsync("front");
        // The instance stays in "opened" past its timeout: a timeout row appears without a reload, marked as one.
        var timeout = page.Locator("table#deviations tbody tr.type-transition_timeout").Filter(new() { HasTextString = "front" });
        await Expect(timeout.First.Locator("th")).ToHaveTextAsync("transition timeout");
        await Expect(timeout.First.Locator("td").Nth(2)).ToContainTextAsync("in opened since");
        await Browser.ScreenshotAsync(page, "specs");

        await page.Locator("table#specs").GetByRole(AriaRole.Link, new() { Name = "door", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Specification door");
        await Expect(page.Locator("table#transitions tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("table#instances tr[data-instance='front'] td").First).ToHaveTextAsync("opened");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Learned model (.spex)" }).Locator("pre"))
            .ToContainTextAsync("closed --[open]-> opened");
        await Expect(page.Locator("table#deviations tbody tr").Filter(new() { HasTextString = "closed --[open]-> opened" })).ToHaveCountAsync(1);
        // An instance created behind the page's back appears on the next read.
        await PostSpecAsync(node, "specs/door/instances", new { id = "back" });
        await Expect(page.Locator("table#instances tr[data-instance='back'] td").First).ToHaveTextAsync("closed");
        await Browser.ScreenshotAsync(page, "spec");

        // game-runtime instances are games: the row links to the game's page, which shows the lifecycle state.
        await page.GotoAsync($"{_orrery.Url}/#/specs/game-runtime");
        await Expect(page.Locator($"table#instances tr[data-instance='{gameId}'] td").First).ToHaveTextAsync("running");
        await page.Locator($"table#instances tr[data-instance='{gameId}'] a").ClickAsync();
        await Expect(page.Locator("dd[data-field='lifecycle']")).ToHaveTextAsync("running");
        (await page.EvaluateAsync<bool>("window.notReloaded === true")).ShouldBeTrue("the pages must update without a reload");
    }

    private static async Task PutSpecAsync(NodeClient node, string name, string spex)
    {
        using var response = await node.Http.PutAsync($"specs/{name}", new StringContent(spex, System.Text.Encoding.UTF8, "application/x-spex"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task PostSpecAsync(NodeClient node, string path, object body)
    {
        using var response = await node.Http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A running game that plays turns only when forced (its schedule is daily), so the test knows its turn.</summary>
    private static async Task<Guid> StartQuietGameAsync(NodeClient node)
    {
        var gameId = await node.RegisterGameAsync("Andorians", "Cygnans");
        (await node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded");
        return gameId;
    }
}
