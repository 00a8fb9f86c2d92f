using System.Diagnostics;

namespace Orrery.Engines.Tests.Docker;

/// <summary>The docker CLI against the test daemon, for what the tests do behind the host's back (import, tag).</summary>
internal static class DockerCli
{
    public static async Task<string> RunAsync(string endpoint, IReadOnlyList<string> arguments, Stream? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOCKER_HOST"] = endpoint },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not run the docker CLI.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }
        return (await output).Trim();
    }
}
