using System.CommandLine;
using Orrery.Hosting;
using Orrery.Storage;

namespace Orrery.Cli;

/// <summary><c>orrery up</c>: runs the node in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data directory (default ./orrery-data)." };
        var urls = new Option<string?>("--urls") { Description = $"Where the API listens (default {NodeOptions.DefaultUrl})." };
        var demo = new Option<int>("--demo") { Description = "Register and start N demo games on the bundled engine." };
        var stack = new Option<string?>("--stack") { Description = "Deployment name used to label engines (default 'default')." };
        var store = new Option<string?>("--store") { Description = "sqlite (default) or postgres (needs ConnectionStrings:Postgres)." };
        var streams = new Option<string?>("--streams") { Description = "embedded (default) or redis (needs ConnectionStrings:Redis)." };
        var engineHost = new Option<string?>("--engine-host") { Description = "process (default) or docker (settings in Orrery:Docker)." };
        var engineCapacity = new Option<int?>("--engine-capacity")
        {
            Description = $"Most engines the engine host may run, 0 for no limit (default {NodeOptions.DefaultEngineCapacity}).",
        };

        var command = new Command("up", "Run an Orrery node (embedded mode by default: SQLite and local engine processes).")
        {
            data, urls, demo, stack, store, streams, engineHost, engineCapacity,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Flags become configuration, so environment variables and appsettings work the same way.
            var args = new List<string>(parse.UnmatchedTokens);
            AddSetting(args, "Orrery:DataDirectory", parse.GetValue(data));
            AddSetting(args, "urls", parse.GetValue(urls));
            AddSetting(args, "Orrery:Stack", parse.GetValue(stack));
            AddSetting(args, "Orrery:DemoGames", parse.GetValue(demo) is > 0 and var n ? n.ToString() : null);
            AddSetting(args, "Orrery:Store", parse.GetValue(store));
            AddSetting(args, "Orrery:Streams", parse.GetValue(streams));
            AddSetting(args, "Orrery:EngineHost", parse.GetValue(engineHost));
            AddSetting(args, "Orrery:EngineCapacity", parse.GetValue(engineCapacity)?.ToString());

            WebApplication app;
            try
            {
                app = OrreryNode.Build(args.ToArray());
            }
            catch (NodeConfigurationException ex)
            {
                await Console.Error.WriteLineAsync($"orrery: {ex.Message}");
                return 2;
            }
            await using var _ = app;
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine(
                    $"Orrery is up: {string.Join(", ", app.Urls)} (API {string.Join(", ", app.Urls.Select(u => u + "/api/v1"))}, dashboard {string.Join(", ", app.Urls.Select(u => u + "/"))}). Ctrl-C stops it; engines keep running."));
            try
            {
                await app.RunAsync(cancellationToken);
            }
            // Settings refused at start (ValidateOnStart) say what to fix in their message: no stack trace.
            catch (Exception ex) when (ex is SchemaTooNewException or NodeConfigurationException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                await Console.Error.WriteLineAsync($"orrery: {ex.Message}");
                return 2;
            }
            return 0;
        });
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static void AddSetting(List<string> args, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            args.Add($"--{key}={value}");
        }
    }
}
