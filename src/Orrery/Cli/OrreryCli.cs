using System.CommandLine;

namespace Orrery.Cli;

/// <summary>The <c>orrery</c> command line: <c>up</c> runs a node; the other commands talk to one.</summary>
public static class OrreryCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Orrery: runs turn-based game engines.")
        {
            UpCommand.Create(),
            GamesCommand.Create(),
            VersionsCommand.Create(),
            OpsCommand.Create(),
        };
        root.Options.Add(CliOptions.Url);
        root.Options.Add(CliOptions.ApiKey);
        return root;
    }
}
