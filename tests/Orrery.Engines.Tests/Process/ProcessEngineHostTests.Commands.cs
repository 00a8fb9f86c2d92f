using Microsoft.Extensions.Options;
using Orrery.Engines.Process;
using Orrery.Engines.Tests.Support;
using Orrery.Errors;

namespace Orrery.Engines.Tests.Process;

/// <summary>Image refs, the engine's environment and arguments, its log, and the options.</summary>
public sealed partial class ProcessEngineHostTests
{
    [Fact]
    public async Task Info_And_ListAsync_NameTheEnginesDirectory_AndNoMemoryLimit()
    {
        var host = NewHost();
        await RunHealthyAsync(host, await SpecAsync());

        host.Info.ShouldBe(new EngineHostInfo(EngineHostKinds.Process, EnginesDirectory));
        (await host.ListAsync(Ct)).ShouldHaveSingleItem().MemoryLimitBytes.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_ExecutableWithArguments_GetsThemAndTheContractEnvironmentButNotOurs()
    {
        var script = WriteScript("records-env.sh", """
            #!/bin/sh
            echo "args: $*" > "$GAME_STATE_PATH/args.tmp"
            env > "$GAME_STATE_PATH/env.tmp"
            mv "$GAME_STATE_PATH/args.tmp" "$GAME_STATE_PATH/args"
            mv "$GAME_STATE_PATH/env.tmp" "$GAME_STATE_PATH/env"
            exec sleep 60
            """);
        var secret = "ORRERY_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(secret, "hunter2");
        try
        {
            var host = CreateProcessHost(Stack, o => o.Environment["ORRERY_FAULT"] = "slow-turns");
            NewHost(); // registers the stack for teardown
            var spec = await SpecAsync(imageRef: $"{script} alpha  beta");

            var engine = await StartAsync(host, spec);
            (await EngineReadiness.EventuallyAsync(
                () => Task.FromResult(File.Exists(Path.Combine(spec.StateDirectory, "env"))), TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();

            (await File.ReadAllTextAsync(Path.Combine(spec.StateDirectory, "args"), Ct)).Trim().ShouldBe("args: alpha beta");
            var env = (await File.ReadAllLinesAsync(Path.Combine(spec.StateDirectory, "env"), Ct)).ToHashSet();
            env.ShouldContain($"GAME_STATE_PATH={spec.StateDirectory}");
            env.ShouldContain($"ENGINE_PORT={engine.Endpoint.Port}");
            env.ShouldContain($"ASPNETCORE_URLS=http://127.0.0.1:{engine.Endpoint.Port}");
            env.ShouldContain("ORRERY_FAULT=slow-turns");
            env.ShouldNotContain(line => line.StartsWith(secret, StringComparison.Ordinal));
            host.Dispose();
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
        }
    }

    [Fact]
    public async Task RunAsync_EngineOutput_IsAppendedToTheGamesLog()
    {
        var script = WriteScript("talks.sh", """
            #!/bin/sh
            echo "engine says hello"
            echo "engine complains" >&2
            """);
        var host = NewHost();
        var spec = await SpecAsync(imageRef: script);
        var logFile = Path.Combine(EnginesDirectory, $"{spec.GameId:D}.log");

        await StartAsync(host, spec);
        (await EngineReadiness.EventuallyAsync(
            async () => File.Exists(logFile) && (await File.ReadAllTextAsync(logFile, Ct)).Contains("complains"), TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();
        await StartAsync(host, spec);
        (await EngineReadiness.EventuallyAsync(
            async () => (await File.ReadAllLinesAsync(logFile, Ct)).Length == 4, TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();

        (await File.ReadAllLinesAsync(logFile, Ct)).ShouldBe(["engine says hello", "engine complains", "engine says hello", "engine complains"]);
    }

    [Fact]
    public async Task InspectAsync_EngineExitedByItself_ReportsItsExitCode()
    {
        var host = NewHost();
        var engine = await StartAsync(host, await SpecAsync(imageRef: WriteScript("fails.sh", "#!/bin/sh\nexit 3")));

        (await EngineReadiness.EventuallyAsync(
            async () => (await host.InspectAsync(engine.Id, Ct))?.Running == false, TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();

        (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull().ExitCode.ShouldBe(3);
    }

    [Theory]
    [InlineData("relative/engine")]
    [InlineData("not-executable.sh")]
    [InlineData("")]
    [InlineData("/")]
    public async Task RunAsync_ImageRefThatIsNotAnAbsoluteExecutable_ThrowsImageUnavailable(string imageRef)
    {
        var notExecutable = _work.Combine("not-executable.sh");
        await File.WriteAllTextAsync(notExecutable, "#!/bin/sh\n", Ct);
        var spec = await SpecAsync(imageRef: imageRef == "not-executable.sh" ? notExecutable : imageRef);

        var error = await Should.ThrowAsync<OrreryException>(() => NewHost().RunAsync(spec, Ct));

        error.Code.ShouldBe(ErrorCodes.ImageUnavailable);
    }

    [Fact]
    public async Task RunAsync_ReferenceEngineMissing_ThrowsImageUnavailable()
    {
        var host = CreateProcessHost(Stack, o => o.ReferenceEnginePath = _work.Combine("nowhere", "orrery-reference-engine"));
        var spec = await SpecAsync();

        var error = await Should.ThrowAsync<OrreryException>(() => host.RunAsync(spec, Ct));

        error.Code.ShouldBe(ErrorCodes.ImageUnavailable);
        host.Dispose();
    }

    [Fact]
    public async Task RunAsync_ReferenceEngineAsAnAssemblyOnly_RunsItThroughDotnet()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine.dll");
        var host = CreateProcessHost(Stack, o => o.ReferenceEnginePath = dll);
        NewHost(); // registers the stack for teardown

        var engine = await RunHealthyAsync(host, await SpecAsync());

        (await File.ReadAllTextAsync($"/proc/{_processes[engine.Id].Pid}/cmdline", Ct)).ShouldContain("orrery-reference-engine.dll");
        host.Dispose();
    }

    [Theory]
    [InlineData("GAME_STATE_PATH")]
    [InlineData("ENGINE_PORT")]
    [InlineData("ASPNETCORE_URLS")]
    public void Constructor_EnvironmentOverridingAContractVariable_Throws(string name)
    {
        var error = Should.Throw<OptionsValidationException>(() => CreateProcessHost(Stack, o => o.Environment[name] = "x"));

        error.Message.ShouldContain(name);
    }

    [Fact]
    public void Constructor_NoEnginesDirectory_Throws()
    {
        var error = Should.Throw<OptionsValidationException>(() => CreateProcessHost("", o => o.EnginesDirectory = ""));

        error.Failures.Count().ShouldBe(2);
    }
}
