using Orrery.Errors;

namespace Orrery.Engines.Tests.Contract;

/// <summary>Bad image refs, conflicts, crashes, stubborn engines and unknown ids.</summary>
public abstract partial class EngineHostContract
{
    [Fact]
    public async Task RunAsync_UnknownImage_ThrowsImageUnavailable()
    {
        var host = NewHost();
        var spec = await SpecAsync(imageRef: UnavailableImageRef);

        var error = await Should.ThrowAsync<OrreryException>(() => host.RunAsync(spec, Ct));

        error.Code.ShouldBe(ErrorCodes.ImageUnavailable);
        (await host.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_GameAlreadyHasARunningEngine_ThrowsConflict()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await StartAsync(host, spec);

        var sameInstance = await Should.ThrowAsync<OrreryException>(() => host.RunAsync(spec, Ct));
        var otherInstance = await Should.ThrowAsync<OrreryException>(() => NewHost().RunAsync(spec, Ct));

        sameInstance.Code.ShouldBe(ErrorCodes.Conflict);
        otherInstance.Code.ShouldBe(ErrorCodes.Conflict);
        (await host.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(engine.Id);
    }

    [Fact]
    public async Task InspectAsync_EngineKilledAbruptly_NotRunningWithItsExitCode()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());

        await KillAbruptlyAsync(engine);
        (await EventuallyGoneAsync(engine)).ShouldBeTrue();

        var inspection = (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull();
        inspection.Running.ShouldBeFalse();
        inspection.ExitCode.ShouldBe(137); // 128 + SIGKILL, as a shell or Docker reports it
        inspection.OomKilled.ShouldBeFalse();
        inspection.StartedAt.ShouldBe(engine.StartedAt);
        inspection.FinishedAt.ShouldNotBeNull();
        (await host.ListAsync(Ct)).ShouldHaveSingleItem().Running.ShouldBeFalse();
    }

    [Fact]
    public async Task StopAsync_EngineIgnoresSigterm_IsKilledAfterTheGracePeriod()
    {
        var host = NewHost();
        var spec = await SpecAsync(imageRef: SigtermIgnoringImageRef);
        var engine = await StartAsync(host, spec);
        (await Support.EngineReadiness.EventuallyAsync(
            () => Task.FromResult(File.Exists(Path.Combine(spec.StateDirectory, "ready"))), TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();
        var grace = TimeSpan.FromMilliseconds(500);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync(engine.Id, grace, Ct);

        // A lower bound, not a timing assertion: an engine that honoured SIGTERM would have gone at once.
        started.Elapsed.ShouldBeGreaterThanOrEqualTo(grace);
        (await IsGoneAsync(engine)).ShouldBeTrue();
        (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull().Running.ShouldBeFalse();
    }

    [Fact]
    public async Task StopAsync_UnknownEngine_IsANoOp()
    {
        var host = NewHost();

        await host.StopAsync("no-such-engine", TimeSpan.FromSeconds(1), Ct);
        await host.StopAsync("no-such-engine", TimeSpan.Zero, Ct);

        (await host.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RemoveAsync_UnknownEngine_IsANoOp()
    {
        var host = NewHost();

        await host.RemoveAsync("no-such-engine", Ct);

        (await host.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task InspectAsync_UnknownEngine_ReturnsNull()
    {
        var host = NewHost();

        (await host.InspectAsync("no-such-engine", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task StopAsync_AlreadyStoppedEngine_IsANoOp()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());
        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);

        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);

        (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull().Running.ShouldBeFalse();
    }
}
