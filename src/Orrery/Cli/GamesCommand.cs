using System.CommandLine;
using System.Text.Json;
using Orrery.Api;
using Orrery.Sessions;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery games create|list|show|start|stop|restart|patch|pause|resume|force-turn|delete|token</c>.</summary>
internal static class GamesCommand
{
    private static readonly Argument<Guid> GameId = new("game-id") { Description = "The game's UUID." };

    public static Command Create()
    {
        var games = new Command("games", "Register, list, inspect and run games.");
        games.Subcommands.Add(CreateGame());
        games.Subcommands.Add(ListGames());
        games.Subcommands.Add(ShowGame());
        games.Subcommands.Add(Queued("start", "Start a game's engine and wait until it runs."));
        games.Subcommands.Add(Queued("stop", "Stop a game's engine and wait until it is gone."));
        games.Subcommands.Add(Queued("restart", "Stop and start a game's engine on the same version (admin); the game keeps its turn."));
        games.Subcommands.Add(Patch());
        games.Subcommands.Add(Immediate("pause", "pause", "Pause a game: its turns are skipped until it is resumed."));
        games.Subcommands.Add(Immediate("resume", "resume", "Resume a paused game at its next turn slot."));
        games.Subcommands.Add(Immediate("force-turn", "force-next-turn", "Play the next turn now (admin), even if paused or generation_failed."));
        games.Subcommands.Add(DeleteGame());
        games.Subcommands.Add(MintToken());
        return games;
    }

    private static Command CreateGame()
    {
        var id = new Option<Guid?>("--id") { Description = "Game UUID (default: a new one)." };
        var version = new Option<string>("--version") { Description = "Target engine version.", DefaultValueFactory = _ => "1.0.0" };
        var schedule = new Option<string>("--schedule") { Description = "Turn schedule, UTC cron (5 or 6 fields).", DefaultValueFactory = _ => "*/10 * * * * *" };
        var races = new Option<string[]>("--race") { Description = "A race, as NAME or USER-UUID:NAME (repeat for each player).", Required = true, AllowMultipleArgumentsPerToken = true };

        var command = new Command("create", "Register (or update) a game.") { id, version, schedule, races };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var gameId = parse.GetValue(id) ?? Guid.NewGuid();
            var memberships = parse.GetValue(races)!.Select(ParseMembership).ToList();
            var body = new { targetEngineVersion = parse.GetValue(version), turnSchedule = parse.GetValue(schedule), memberships };
            var game = await client.PutAsync<GameResponse>($"games/{gameId}", body, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]registered[/] game {game.GameId} ({game.Memberships.Count} races, engine {game.TargetEngineVersion}, schedule '{game.TurnSchedule}')");
        }));
        return command;
    }

    private static Command ListGames()
    {
        var status = new Option<string?>("--status") { Description = "Only games in this runtime status." };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1 };
        var command = new Command("list", "List games with their runtime.") { status, page };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var query = $"games?page={parse.GetValue(page)}" + (parse.GetValue(status) is { } s ? $"&status={Uri.EscapeDataString(s)}" : "");
            var listed = await client.GetAsync<PageResponse<GameResponse>>(query, ct);
            var table = new Table().AddColumns("game", "status", "health", "turn", "engine", "races", "paused");
            foreach (var game in listed.Items)
            {
                var runtime = game.Runtime;
                table.AddRow(game.GameId.ToString(), runtime?.Status ?? "-", runtime?.EngineHealth ?? "-", runtime?.CurrentTurn.ToString() ?? "-",
                    runtime?.EngineVersion ?? game.TargetEngineVersion, game.Memberships.Count.ToString(), runtime?.Paused == true ? "yes" : "no");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"page {listed.Page}, {listed.Items.Count} of {listed.Total} games");
        }));
        return command;
    }

    private static Command ShowGame()
    {
        var command = new Command("show", "Show a game, its runtime record and players.") { GameId };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var game = await client.GetAsync<GameResponse>($"games/{parse.GetValue(GameId)}", ct);
            var grid = new Grid().AddColumns(2);
            grid.AddRow("game", game.GameId.ToString());
            grid.AddRow("target engine", game.TargetEngineVersion);
            grid.AddRow("schedule", game.TurnSchedule);
            if (game.Runtime is { } r)
            {
                grid.AddRow("status", r.Status + (r.Paused ? " (paused)" : ""));
                grid.AddRow("engine", $"{r.EngineVersion} {r.EngineId} {r.EngineEndpoint}");
                grid.AddRow("network", r.Network ?? "-");
                grid.AddRow("health", r.EngineHealth ?? "-");
                grid.AddRow("last health event", r.LastHealthEvent is null ? "-" : Markup.Escape($"{r.LastHealthEvent} at {r.LastHealthEventAt:u} {r.LastHealthEventDetails?.GetRawText()}".TrimEnd()));
                grid.AddRow("turn", r.CurrentTurn.ToString());
                grid.AddRow("next turn", r.NextTurnAt?.ToString("u") ?? "-");
                grid.AddRow("started", r.StartedAt?.ToString("u") ?? "-");
            }
            else
            {
                grid.AddRow("status", "never started");
            }
            AnsiConsole.Write(grid);
            var stats = (await client.GetAsync<List<PlayerStatsResponse>>($"games/{game.GameId}/player-stats", ct)).ToDictionary(s => s.UserId);
            var races = new Table().AddColumns("user", "race", "planets", "population", "max planets", "max population");
            foreach (var m in game.Memberships)
            {
                var s = stats.GetValueOrDefault(m.UserId);
                races.AddRow(m.UserId.ToString(), Markup.Escape(m.RaceName), $"{s?.CurrentPlanets}", $"{s?.CurrentPopulation}", $"{s?.MaxPlanets}", $"{s?.MaxPopulation}");
            }
            AnsiConsole.Write(races);
        }));
        return command;
    }

    private static Command Queued(string op, string description)
    {
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the operation is queued." };
        var command = new Command(op, description) { GameId, noWait };
        command.SetAction(CliOptions.Client((parse, client, ct) =>
            RunQueuedAsync(client, $"games/{parse.GetValue(GameId)}/{op}", null, parse.GetValue(noWait), ct)));
        return command;
    }

    private static Command Patch()
    {
        var version = new Argument<string>("version") { Description = "The engine version to move to, within the running MAJOR.MINOR." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the operation is queued." };
        var command = new Command("patch", "Move a game to another patch version of its engine (admin); it resumes from its state.") { GameId, version, noWait };
        command.SetAction(CliOptions.Client((parse, client, ct) =>
            RunQueuedAsync(client, $"games/{parse.GetValue(GameId)}/patch", new { version = parse.GetValue(version) }, parse.GetValue(noWait), ct)));
        return command;
    }

    private static async Task RunQueuedAsync(ApiClient client, string path, object? body, bool noWait, CancellationToken ct)
    {
        var operation = await client.PostAsync<OperationResponse>(path, body, ct);
        if (!noWait)
        {
            operation = await OperationProgress.WaitAsync(client, operation, ct);
        }
        Report(operation);
    }

    private static Command Immediate(string name, string route, string description)
    {
        var command = new Command(name, description) { GameId };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
            Report(await client.PostAsync<OperationResponse>($"games/{parse.GetValue(GameId)}/{route}", null, ct))));
        return command;
    }

    private static Command DeleteGame()
    {
        var command = new Command("delete", "Stop a game if it runs, then delete it (admin). Its operation log is kept.") { GameId };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var gameId = parse.GetValue(GameId);
            await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync($"deleting game {gameId}", _ => client.DeleteAsync($"games/{gameId}", ct));
            AnsiConsole.MarkupLineInterpolated($"[green]deleted[/] game {gameId}");
        }));
        return command;
    }

    private static Command MintToken()
    {
        var userId = new Argument<Guid>("user-id") { Description = "The member's user UUID." };
        var json = new Option<bool>("--json") { Description = "The API's answer (token and expiry) instead of the token alone." };
        var command = new Command("token", "Mint a player token for a member, for the game's live session (lobby).") { GameId, userId, json };
        command.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var minted = await client.PostAsync<LiveToken>($"games/{parse.GetValue(GameId)}/players/{parse.GetValue(userId)}/token", null, ct);
            // Plain stdout, no markup: the output is meant for scripts (TOKEN=$(orrery games token ...)).
            Console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(minted, JsonSerializerOptions.Web) : minted.Token);
        }));
        return command;
    }

    private static void Report(OperationResponse operation)
    {
        OperationProgress.Print(operation);
        if (operation.Status == "failed")
        {
            throw new ApiProblemException(operation.ErrorCode ?? "failed", operation.ErrorMessage ?? "the operation failed");
        }
    }

    private static object ParseMembership(string text)
    {
        var colon = text.IndexOf(':');
        return colon > 0 && Guid.TryParse(text[..colon], out var userId)
            ? new { userId, raceName = text[(colon + 1)..] }
            : new { userId = Guid.NewGuid(), raceName = text };
    }
}
