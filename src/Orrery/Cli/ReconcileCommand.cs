using System.CommandLine;
using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery reconcile</c>: runs a reconcile pass on the node and prints its report.</summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var command = new Command("reconcile", "Run a reconcile pass now (admin) and print what it did.");
        command.SetAction(CliOptions.Client(async (_, client, ct) => Print(await client.PostAsync<ReconcileReportResponse>("reconcile", null, ct))));
        return command;
    }

    private static void Print(ReconcileReportResponse report)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"reconcile pass: {report.Records} records, {report.Engines} engines, {report.DurationMs:F0} ms");
        var table = new Table().AddColumns("outcome", "count", "games");
        AddRow(table, "adopted", report.Adopted);
        AddRow(table, "removed", report.Removed);
        AddRow(table, "refreshed", report.Refreshed);
        AddRow(table, "unreachable", report.Unreachable);
        AddRow(table, "missing", report.Missing);
        AddRow(table, "strays", report.Strays);
        AddRow(table, "strays removed", report.StraysRemoved);
        AddRow(table, "skipped", report.Skipped);
        table.AddRow("orphans", report.Orphans.Count.ToString(),
            Markup.Escape(string.Join(", ", report.Orphans.Select(o => $"{o.EngineId} ({o.GameId?.ToString() ?? "no game"}{(o.Removed ? ", removed" : "")})"))));
        table.AddRow("errors", report.Errors.Count.ToString(),
            Markup.Escape(string.Join("; ", report.Errors.Select(e => $"{e.GameId?.ToString() ?? e.EngineId}: {e.Message}"))));
        AnsiConsole.Write(table);
        if (report.Replicas is { } replicas)
        {
            AnsiConsole.MarkupLineInterpolated($"replicas: {replicas.Count} answered ({string.Join(", ", replicas)})");
        }
        foreach (var failed in report.FailedReplicas ?? [])
        {
            AnsiConsole.MarkupLineInterpolated($"[red]replica {failed.Replica} failed: {failed.Message}; its games were not reconciled[/]");
        }
    }

    // A pass over thousands of games refreshes thousands: the table names the first few of each outcome.
    private const int GamesShown = 10;

    private static void AddRow(Table table, string outcome, IReadOnlyList<Guid> games) =>
        table.AddRow(outcome, games.Count.ToString(),
            string.Join(", ", games.Take(GamesShown)) + (games.Count > GamesShown ? $", ... {games.Count - GamesShown} more" : ""));
}
