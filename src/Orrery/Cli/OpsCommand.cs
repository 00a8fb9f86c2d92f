using System.CommandLine;
using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery ops list &lt;game&gt;</c>: a game's operation log, newest first.</summary>
internal static class OpsCommand
{
    public static Command Create()
    {
        var gameId = new Argument<Guid>("game-id") { Description = "The game's UUID." };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1 };
        var list = new Command("list", "List a game's operations, newest first.") { gameId, page };
        list.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var ops = await client.GetAsync<PageResponse<OperationResponse>>($"games/{parse.GetValue(gameId)}/operations?page={parse.GetValue(page)}", ct);
            var table = new Table().AddColumns("created", "op", "source", "status", "error", "operation");
            foreach (var o in ops.Items)
            {
                table.AddRow(o.CreatedAt.ToString("u"), o.Op, o.Source, o.Status,
                    Markup.Escape(o.ErrorCode is null ? "" : $"{o.ErrorCode}: {o.ErrorMessage}"), o.OperationId.ToString());
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"page {ops.Page}, {ops.Items.Count} of {ops.Total} operations");
        }));
        return new Command("ops", "The operation log.") { list };
    }
}
