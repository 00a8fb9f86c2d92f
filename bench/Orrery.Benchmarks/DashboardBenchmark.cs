using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Orrery.Api;
using Orrery.Tests.Shared;

namespace Orrery.Benchmarks;

/// <summary>
/// The fleet page with N games in headless Chromium: time to first render (navigation start -> every row in the
/// table) and time to apply a burst of N live updates (every row's status changes; the events are handed to the
/// page's feed handler at once, and the clock stops when the frame after the batched DOM write has begun).
/// The baseline for both is the same table as a static HTML file (same rows, same stylesheet), which the browser
/// only has to parse and lay out: the floor for showing that many rows.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 1_000;
        if (!HeadlessChromium.IsInstalled)
        {
            throw new InvalidOperationException($"{HeadlessChromium.ExecutablePath} is missing: apt-get install chromium");
        }

        await using var node = await NodeUnderTest.StartAsync();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (_, ct) => await node.RegisterGameAsync(cancellationToken: ct));
        var staticFile = await WriteStaticTableAsync(node, count, cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        List<double> dashboardRender = [], staticRender = [], burst = [];
        for (var run = 0; run < Runs; run++)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await page.GotoAsync(node.Url + "/");
            dashboardRender.Add(await MillisecondsUntilRowsAsync(page, count));
            await page.WaitForFunctionAsync("() => document.getElementById('feed-state').textContent === 'Live'");
            burst.Add(await page.EvaluateAsync<double>(BurstScript, run % 2 == 0 ? "running" : "generation_in_progress"));
            await page.CloseAsync();

            var plain = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await plain.GotoAsync(new Uri(staticFile).AbsoluteUri);
            staticRender.Add(await MillisecondsUntilRowsAsync(plain, count));
            await plain.CloseAsync();
        }
        File.Delete(staticFile);

        Console.WriteLine($"{count} games, median of {Runs} runs (each a fresh page)");
        Report.Header();
        var staticMedian = Report.Percentile(staticRender, 50);
        Report.Row("first render, navigation -> all rows", Report.Percentile(dashboardRender, 50), staticMedian, "ms");
        Report.Row($"burst of {count} live updates applied", Report.Percentile(burst, 50), staticMedian, "ms");
        Console.WriteLine($"first render runs: dashboard {string.Join(", ", dashboardRender.Select(v => v.ToString("0")))}; " +
            $"static {string.Join(", ", staticRender.Select(v => v.ToString("0")))}; burst {string.Join(", ", burst.Select(v => v.ToString("0")))} ms");
    }

    /// <summary>Milliseconds from navigation start until the table has every row, checked once per animation frame.</summary>
    private static async Task<double> MillisecondsUntilRowsAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync("n => document.querySelectorAll('table#games tbody tr').length === n", count,
            new PageWaitForFunctionOptions { PollingInterval = null, Timeout = 120_000 });
        return await page.EvaluateAsync<double>("() => performance.now()");
    }

    /// <summary>Hands the page one snapshot update per row, then waits for the frame after the batched write.</summary>
    private const string BurstScript = """
        async status => {
          const page = window.orreryPage;
          const ids = [...document.querySelectorAll('table#games tbody tr')].map(tr => tr.dataset.gameId);
          const start = performance.now();
          for (const id of ids) {
            page.onEvent('runtime_snapshot_update', { fields: { game_id: id, current_turn: '0', runtime_status: status, engine_health_summary: 'healthy' } });
          }
          await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const elapsed = performance.now() - start;
          const changed = [...document.querySelectorAll('table#games td.col-status')].filter(td => td.textContent === status.replaceAll('_', ' ')).length;
          if (changed !== ids.length) throw new Error(`only ${changed} of ${ids.length} rows show ${status}`);
          return elapsed;
        }
        """;

    /// <summary>The fleet table as one static HTML file: the rows the dashboard shows, from the same API.</summary>
    private static async Task<string> WriteStaticTableAsync(NodeUnderTest node, int count, CancellationToken cancellationToken)
    {
        var css = await node.Http.GetStringAsync(node.Url + "/dashboard.css", cancellationToken);
        var html = new StringBuilder($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>static fleet</title><style>{css}</style></head><body><main>");
        html.Append("<table id=\"games\"><thead><tr><th>Game</th><th>Status</th><th>Health</th><th>Turn</th><th>Next turn</th><th>Engine version</th><th>Paused</th></tr></thead><tbody>");
        for (var page = 1; (page - 1) * 500 < count; page++)
        {
            var listed = await node.Http.GetFromJsonAsync<PageResponse<GameResponse>>($"games?page={page}&pageSize=500", NodeUnderTest.Json, cancellationToken);
            foreach (var game in listed!.Items)
            {
                var races = WebUtility.HtmlEncode(string.Join(", ", game.Memberships.Select(m => m.RaceName)));
                html.Append($"<tr><th scope=\"row\"><a href=\"#\">{game.GameId.ToString()[..8]}</a><span class=\"races\">{races}</span></th>")
                    .Append("<td class=\"col-status\">not started</td><td>—</td><td>0</td><td>—</td>")
                    .Append($"<td>{WebUtility.HtmlEncode(game.TargetEngineVersion)}</td><td>no</td></tr>");
            }
        }
        html.Append("</tbody></table></main></body></html>");
        var path = Path.Combine(Path.GetTempPath(), $"orrery-static-fleet-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, html.ToString(), cancellationToken);
        return path;
    }
}
