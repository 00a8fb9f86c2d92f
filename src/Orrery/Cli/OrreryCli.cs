using System.CommandLine;

namespace Orrery.Cli;

/// <summary>The <c>orrery</c> command line: <c>up</c> runs a node; the other commands talk to one.</summary>
public static class OrreryCli
{
    public static RootCommand Create()
    {
        // Piped output (grep, scripts) gets whole lines instead of tables cut to a guessed 80 columns, and no colours.
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) ? columns : 240;
            // No escape codes in files and pipes.
            Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
            Spectre.Console.AnsiConsole.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
        }

        var root = new RootCommand("Orrery: runs turn-based game engines.")
        {
            UpCommand.Create(),
            GamesCommand.Create(),
            VersionsCommand.Create(),
            OpsCommand.Create(),
            EventsCommand.Create(),
            ReconcileCommand.Create(),
            HostsCommand.Create(),
            ClusterCommand.Create(),
            LiveCommand.Create(),
            SpexCommand.Create(),
        };
        root.Options.Add(CliOptions.Url);
        root.Options.Add(CliOptions.ApiKey);
        return root;
    }
}
