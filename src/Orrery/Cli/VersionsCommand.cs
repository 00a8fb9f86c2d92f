using System.CommandLine;
using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery versions list|set</c>.</summary>
internal static class VersionsCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List engine versions, highest first.");
        list.SetAction(CliOptions.Client(async (_, client, ct) =>
        {
            var versions = await client.GetAsync<List<EngineVersionResponse>>("engine-versions", ct);
            var table = new Table().AddColumns("version", "image", "deprecated", "registered");
            foreach (var v in versions)
            {
                table.AddRow(v.Version, Markup.Escape(v.ImageRef), v.Deprecated ? "yes" : "no", v.CreatedAt.ToString("u"));
            }
            AnsiConsole.Write(table);
        }));

        var version = new Argument<string>("version") { Description = "Semantic version, e.g. 1.0.1." };
        var image = new Option<string>("--image") { Description = "Docker image, or an executable path for the process host.", Required = true };
        var deprecated = new Option<bool>("--deprecated") { Description = "Refuse new starts on this version." };
        var set = new Command("set", "Register or update an engine version (admin).") { version, image, deprecated };
        set.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var body = new { imageRef = parse.GetValue(image), deprecated = parse.GetValue(deprecated) };
            var saved = await client.PutAsync<EngineVersionResponse>($"engine-versions/{parse.GetValue(version)}", body, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]registered[/] {saved.Version} -> {saved.ImageRef}{(saved.Deprecated ? " (deprecated)" : "")}");
        }));

        return new Command("versions", "Engine versions.") { list, set };
    }
}
