using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery cluster status</c>: the cluster's members and what each owns (SPEC §10).</summary>
internal static class ClusterCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "The API's JSON instead of a table." };
        var status = new Command("status", "List the cluster's members: status, start time, shards and games owned.") { json };
        status.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var cluster = await client.GetAsync<ClusterResponse>("cluster", ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(cluster, Indented));
            }
            else
            {
                Print(cluster);
            }
        }));
        return new Command("cluster", "The cluster this node belongs to.") { status };
    }

    private static void Print(ClusterResponse cluster)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"cluster [bold]{cluster.ClusterId}[/] ({(cluster.Enabled ? "replicas sharing PostgreSQL" : "this node alone")}), {cluster.Shards} shards");
        var table = new Table().AddColumns("member", "silo", "name", "status", "started", "shards", "games (active)");
        foreach (var member in cluster.Members)
        {
            table.AddRow(
                Markup.Escape(member.Address) + (member.IsSelf ? " [dim](this one)[/]" : ""),
                Markup.Escape(member.Silo),
                Markup.Escape(string.IsNullOrEmpty(member.Host) ? member.Name : $"{member.Name} on {member.Host}"),
                Status(member.Status),
                member.StartedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                member.ShardsOwned.ToString(CultureInfo.InvariantCulture),
                $"{member.GamesOwned.ToString(CultureInfo.InvariantCulture)} ({member.GamesActive.ToString(CultureInfo.InvariantCulture)})");
        }
        AnsiConsole.Write(table);
        if (cluster.UnownedShards > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]{cluster.UnownedShards} shards ({cluster.UnownedGames} games) have no active owner[/]: the keeper places them again within seconds.");
        }
        if (cluster.Warning is { } warning)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning[/] {warning}");
        }
    }

    private static string Status(string status) => status switch
    {
        "active" => "[green]active[/]",
        "dead" => "[red]dead[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };
}
