using System.Text.Json;
using Orrery.Engines.Process;
using Orrery.Errors;

namespace Orrery.Engines.Tests.Process;

/// <summary>What only the process host promises: detached engines, manifests on disk, the pid-reuse guard.</summary>
public sealed partial class ProcessEngineHostTests
{
    [Fact]
    public async Task RunAsync_ReferenceEngine_RecordedPidIsTheEngineLeadingItsOwnSession()
    {
        var engine = await RunHealthyAsync(NewHost(), await SpecAsync());
        var pid = _processes[engine.Id].Pid;

        // setsid exec-ed the engine in place: the pid is the engine's, and it leads a session of its own,
        // so a Ctrl-C or a SIGTERM to the tests' process group cannot reach it.
        var stat = UnixProcess.TryReadStat(pid).ShouldNotBeNull();
        stat.SessionId.ShouldBe(pid);
        stat.SessionId.ShouldNotBe(UnixProcess.TryReadStat(Environment.ProcessId)!.SessionId);
        (await File.ReadAllTextAsync($"/proc/{pid}/cmdline", Ct)).ShouldContain("orrery-reference-engine");

        // No pipe ties it to us: stdin is /dev/null, stdout and stderr the game's log.
        new FileInfo($"/proc/{pid}/fd/0").LinkTarget.ShouldBe("/dev/null");
        new FileInfo($"/proc/{pid}/fd/1").LinkTarget.ShouldEndWith(".log");
        new FileInfo($"/proc/{pid}/fd/2").LinkTarget.ShouldEndWith(".log");
    }

    [Fact]
    public async Task DetachedLauncher_OrreryGoneBeforeTheRelease_EngineNeverRuns()
    {
        using var shell = StartDetachedSleep();

        shell.StandardInput.Close(); // what a kill -9 of Orrery does to the pipe before the manifest is written
        await shell.WaitForExitAsync(Ct);

        shell.ExitCode.ShouldBe(70);
    }

    [Fact]
    public async Task DetachedLauncher_Released_ExecsTheEngineInPlace()
    {
        using var shell = StartDetachedSleep();
        try
        {
            DetachedLauncher.Release(shell);

            // exec keeps the pid: the shell becomes the engine once released.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(await File.ReadAllTextAsync($"/proc/{shell.Id}/cmdline", Ct)).StartsWith("/bin/sleep", StringComparison.Ordinal))
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the released shell did not exec the engine");
                await Task.Delay(10, Ct);
            }
            shell.HasExited.ShouldBeFalse();
        }
        finally
        {
            shell.Kill();
        }
    }

    private System.Diagnostics.Process StartDetachedSleep()
    {
        Directory.CreateDirectory(EnginesDirectory);
        var setsid = Executables.Find("setsid", "/usr/bin/setsid", "/bin/setsid").ShouldNotBeNull();
        return DetachedLauncher.Start(setsid, new EngineCommand("/bin/sleep", ["300"]), EnginesDirectory, Path.Combine(EnginesDirectory, "sleep.log"), []);
    }

    [Fact]
    public async Task RunAsync_Engine_WritesAManifestNamedByGameInAPrivateDirectory()
    {
        var spec = await SpecAsync();
        var engine = await StartAsync(NewHost(), spec);

        Directory.GetFiles(EnginesDirectory).Select(Path.GetFileName).Order()
            .ShouldBe([$"{spec.GameId:D}.json", $"{spec.GameId:D}.log"]);
        File.GetUnixFileMode(EnginesDirectory).ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        foreach (var file in Directory.GetFiles(EnginesDirectory))
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(EnginesDirectory, $"{spec.GameId:D}.json"), Ct));
        var manifest = json.RootElement;
        manifest.GetProperty("engineId").GetString().ShouldBe(engine.Id);
        engine.Id.ShouldMatch("^proc-[0-9a-f]{12}$");
        manifest.GetProperty("gameId").GetGuid().ShouldBe(spec.GameId);
        manifest.GetProperty("engineVersion").GetString().ShouldBe(spec.EngineVersion);
        manifest.GetProperty("imageRef").GetString().ShouldBe(spec.ImageRef);
        manifest.GetProperty("pid").GetInt32().ShouldBe(_processes[engine.Id].Pid);
        manifest.GetProperty("processStartTime").GetUInt64().ShouldBe(UnixProcess.TryReadStat(_processes[engine.Id].Pid)!.StartTime);
        manifest.GetProperty("port").GetInt32().ShouldBe(engine.Endpoint.Port);
        manifest.GetProperty("endpoint").GetString().ShouldBe(engine.Endpoint.ToString());
        manifest.GetProperty("stack").GetString().ShouldBe(Stack);
        manifest.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(engine.StartedAt);
        var labels = manifest.GetProperty("labels").Deserialize<Dictionary<string, string>>();
        labels.ShouldBe(EngineLabels.For(Stack, spec.GameId, spec.EngineVersion));
    }

    [Fact]
    public async Task InspectAsync_AdoptedEngineKilled_NotRunningWithExitCodeUnknown()
    {
        var engine = await RunHealthyAsync(NewHost(), await SpecAsync());
        var adopter = NewHost();

        await KillAbruptlyAsync(engine);
        (await EventuallyGoneAsync(engine)).ShouldBeTrue();

        // Only the parent can collect an exit status; a restarted Orrery is not the parent.
        var inspection = (await adopter.InspectAsync(engine.Id, Ct)).ShouldNotBeNull();
        inspection.Running.ShouldBeFalse();
        inspection.ExitCode.ShouldBeNull();
        inspection.FinishedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task ListAsync_CorruptManifests_AreSkipped()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await StartAsync(host, spec);
        await File.WriteAllTextAsync(Path.Combine(EnginesDirectory, $"{Guid.NewGuid():D}.json"), "{ not json", Ct);
        await File.WriteAllTextAsync(Path.Combine(EnginesDirectory, $"{Guid.NewGuid():D}.json"), "{}", Ct);
        // A valid manifest under another game's name would shadow that game: also skipped.
        File.Copy(Path.Combine(EnginesDirectory, $"{spec.GameId:D}.json"), Path.Combine(EnginesDirectory, $"{Guid.NewGuid():D}.json"));

        (await host.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(engine.Id);
        (await NewHost().ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(engine.Id);
    }

    [Fact]
    public async Task StopAsync_PidReusedByAnUnrelatedProcess_NeitherRunningNorSignalled()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await StartAsync(host, spec);
        await host.StopAsync(engine.Id, TimeSpan.Zero, Ct);
        // Start times count clock ticks (10 ms): an engine started and stopped within one tick would share the bystander's.
        await Task.Delay(TimeSpan.FromMilliseconds(30), Ct);
        using var bystander = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            // The engine's pid now "belongs" to an unrelated process (same pid, different start time).
            var path = Path.Combine(EnginesDirectory, $"{spec.GameId:D}.json");
            var text = (await File.ReadAllTextAsync(path, Ct))
                .Replace($"\"pid\": {_processes[engine.Id].Pid}", $"\"pid\": {bystander.Id}", StringComparison.Ordinal);
            await File.WriteAllTextAsync(path, text, Ct);

            (await host.ListAsync(Ct)).ShouldHaveSingleItem().Running.ShouldBeFalse();
            await host.StopAsync(engine.Id, TimeSpan.Zero, Ct);
            await host.RemoveAsync(engine.Id, Ct);

            bystander.HasExited.ShouldBeFalse();
            (await host.ListAsync(Ct)).ShouldBeEmpty();
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task RunAsync_ManifestOfAnotherStackForTheGame_ThrowsConflictAndLeavesItAlone()
    {
        var spec = await SpecAsync();
        var theirs = await StartAsync(NewHost(Stack + "-other"), spec);
        await NewHost(Stack + "-other").StopAsync(theirs.Id, TimeSpan.Zero, Ct);

        var error = await Should.ThrowAsync<OrreryException>(() => NewHost().RunAsync(spec, Ct));

        error.Code.ShouldBe(ErrorCodes.Conflict);
        (await NewHost(Stack + "-other").ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(theirs.Id);
    }
}
