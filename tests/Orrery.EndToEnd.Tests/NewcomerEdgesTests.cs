using System.Diagnostics;
using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests;

/// <summary>What someone trying Orrery for the first time runs into, with the real binary and the README's command.</summary>
public sealed class NewcomerEdgesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orrery-newcomer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Up_OnAnOpenAddressWithoutKeys_SaysWhyInOneLineAndExits2()
    {
        var url = $"http://0.0.0.0:{OrreryProcess.FreePort()}";

        var (exitCode, stdout, stderr) = await OrreryProcess.RunToEndAsync("up", "--data", _directory, "--urls", url);

        exitCode.ShouldBe(2, stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldHaveSingleItem(stderr);
        lines[0].ShouldStartWith($"orrery: Refusing to listen on {url} without API keys.");
        stdout.ShouldNotContain(" at Orrery.");
    }

    [Fact]
    public async Task ReadmeRunCommand_KeepsItsDataInOrreryDataWhereItWasTyped()
    {
        var root = RepositoryRoot.Find();
        if (root is null)
        {
            Assert.Skip("the test binaries were copied out of the repository");
        }
        var url = $"http://127.0.0.1:{OrreryProcess.FreePort()}";
        // The README's command, typed in a directory of its own (--no-build: the suite's build is the one to run).
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["run", "--project", Path.Combine(root, "src", "Orrery"), "-c", "Release", "--no-build", "--", "up", "--urls", url])
        {
            info.ArgumentList.Add(arg);
        }
        using var run = Process.Start(info)!;
        run.OutputDataReceived += (_, _) => { }; // drained, so a full pipe never blocks the node
        run.ErrorDataReceived += (_, _) => { };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync(url, run);

            File.Exists(Path.Combine(_directory, "orrery-data", "orrery.db")).ShouldBeTrue("the database is in ./orrery-data where the command ran");
        }
        finally
        {
            run.Kill(entireProcessTree: true); // dotnet run and the node it started
            await run.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitUntilReadyAsync(string url, Process run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{url}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet: ask again
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"dotnet run did not bring a node up at {url} (exited: {run.HasExited}).");
    }
}
