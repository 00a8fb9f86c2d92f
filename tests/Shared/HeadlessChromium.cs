using Microsoft.Playwright;

namespace Orrery.Tests.Shared;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) launched headless by Playwright, for the dashboard's browser tests
/// and benchmark. Playwright's own browser builds are never downloaded; every launch gets a fresh temporary
/// profile from Playwright, deleted on close.
/// </summary>
internal static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync",
            ],
        });
}
