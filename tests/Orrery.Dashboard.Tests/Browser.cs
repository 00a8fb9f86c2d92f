using Microsoft.Playwright;
using Orrery.Tests.Shared;

namespace Orrery.Dashboard.Tests;

/// <summary>
/// Debian's headless Chromium driven by Playwright. Playwright's own browser builds are never downloaded: the
/// test command installs the <c>chromium</c> package (test.sh), and a machine without it skips these tests, or
/// fails them when <c>ORRERY_REQUIRE_SERVERS=1</c> (CI).
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        RequireChromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await HeadlessChromium.LaunchAsync(playwright);
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh context (its own session storage) and page at 1280x900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as a test artefact under <c>artifacts/screenshots/</c>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot.Find() ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private static void RequireChromium()
    {
        if (HeadlessChromium.IsInstalled)
        {
            return;
        }
        var reason = $"{HeadlessChromium.ExecutablePath} is missing (apt-get install chromium; test.sh installs it).";
        if (Environment.GetEnvironmentVariable("ORRERY_REQUIRE_SERVERS") == "1")
        {
            throw new InvalidOperationException(reason + " ORRERY_REQUIRE_SERVERS=1 makes this a failure.");
        }
        Assert.Skip(reason);
    }

}
