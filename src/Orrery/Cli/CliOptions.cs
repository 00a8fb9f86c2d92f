using System.CommandLine;

namespace Orrery.Cli;

/// <summary>Options every client command shares: where the node is and which key to use.</summary>
internal static class CliOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "Base URL of the Orrery node (env ORRERY_URL).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORRERY_URL") ?? Hosting.NodeOptions.DefaultUrl,
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key (env ORRERY_API_KEY). Not needed for a local node without keys.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORRERY_API_KEY"),
        Recursive = true,
    };

    public static ApiClient CreateClient(ParseResult parse) => ApiClient.Create(parse.GetValue(Url)!, parse.GetValue(ApiKey));

    /// <summary>Runs a client command, turning API problems into a one-line error and exit code 1.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Client(Func<ParseResult, ApiClient, CancellationToken, Task> action) =>
        async (parse, cancellationToken) =>
        {
            using var client = CreateClient(parse);
            try
            {
                await action(parse, client, cancellationToken);
                return 0;
            }
            catch (ApiProblemException ex)
            {
                Spectre.Console.AnsiConsole.MarkupLineInterpolated($"[red]error[/] {ex.Code}: {ex.Message[(ex.Code.Length + 2)..]}");
                return 1;
            }
        };
}
