using System.Diagnostics;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests;

/// <summary>The docker CLI against the test daemon, to look at containers behind Orrery's back.</summary>
internal static class DockerCli
{
    public static Task<string> RunAsync(params string[] args) => CommandLine.RunAsync("docker", ["-H", TestServers.Docker, .. args]);

    /// <summary>Removes every container of a stack, running or not.</summary>
    public static async Task RemoveStackAsync(string stack)
    {
        var left = (await RunAsync("ps", "-aq", "--filter", $"label=orrery.stack={stack}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (left.Length > 0)
        {
            await RunAsync(["rm", "-f", .. left]);
        }
    }
}

/// <summary>Runs a command to completion and returns its output; a non-zero exit fails the test.</summary>
internal static class CommandLine
{
    public static async Task<string> RunAsync(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', args)}: {await stderr}");
        return await stdout;
    }
}
