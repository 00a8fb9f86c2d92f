using System.CommandLine;
using System.Globalization;
using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary><c>orrery hosts</c>: the engine hosts of the node and how full they are.</summary>
internal static class HostsCommand
{
    public static Command Create()
    {
        var command = new Command("hosts", "List the node's engine hosts: running engines against capacity, memory limits against the machine's memory.");
        command.SetAction(CliOptions.Client(async (_, client, ct) => Print(await client.GetAsync<List<EngineHostResponse>>("engine-hosts", ct))));
        return command;
    }

    private static void Print(IReadOnlyList<EngineHostResponse> hosts)
    {
        var table = new Table().AddColumns("host", "kind", "where", "engines", "use", "memory limits");
        foreach (var host in hosts)
        {
            table.AddRow(Markup.Escape(host.Name), host.Kind, Markup.Escape(host.Where), Engines(host),
                host.Reachable ? Percent(host.Use) : $"[red]unreachable[/] {Markup.Escape(host.Error ?? "")}",
                Memory(host.Memory));
        }
        AnsiConsole.Write(table);
    }

    private static string Engines(EngineHostResponse host) =>
        (host.Running?.ToString(CultureInfo.InvariantCulture) ?? "?") + " / " + (host.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "no limit");

    private static string Memory(EngineHostMemoryResponse? memory) => memory switch
    {
        { LimitBytes: { } limits, TotalBytes: { } total } => $"{Bytes(limits)} of {Bytes(total)} ({Percent(memory.Use)})",
        { TotalBytes: { } total } => $"— of {Bytes(total)}",
        _ => "",
    };

    private static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "";

    private static string Bytes(long bytes) => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
