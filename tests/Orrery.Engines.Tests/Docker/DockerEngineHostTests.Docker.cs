using Orrery.Engines.Docker;
using Orrery.Engines.Tests.Support;
using Orrery.Errors;
using Orrery.Tests.Shared;

namespace Orrery.Engines.Tests.Docker;

/// <summary>What only a Docker host can do or show: memory limits, labels and names, pull policies, daemon events.</summary>
public sealed partial class DockerEngineHostTests
{
    [Fact]
    public async Task InspectAsync_EngineOverItsMemoryLimit_ShowsOomKilled()
    {
        var host = CreateDockerHost(Stack, o => o.Memory = "8m");
        var engine = await host.RunAsync(await SpecAsync(imageRef: TestServers.OomImage), Ct);

        (await EngineReadiness.EventuallyAsync(() => IsGoneAsync(engine), TimeSpan.FromSeconds(30), Ct)).ShouldBeTrue();
        // The daemon records the OOM kill from its own event, which may come just after the exit.
        await EngineReadiness.EventuallyAsync(async () => (await host.InspectAsync(engine.Id, Ct))?.OomKilled == true, TimeSpan.FromSeconds(10), Ct);

        var inspection = (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull();
        inspection.Running.ShouldBeFalse();
        inspection.OomKilled.ShouldBeTrue();
        inspection.ExitCode.ShouldBe(137);
        inspection.FinishedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task ListAsync_Engines_ReportTheMemoryLimitTheDaemonApplied()
    {
        var limited = await RunHealthyAsync(NewHost(), await SpecAsync());
        var unlimited = await RunHealthyAsync(CreateDockerHost(Stack, o => o.Memory = "0"), await SpecAsync());

        var listed = await NewHost().ListAsync(Ct);

        listed.Single(e => e.Id == limited.Id).MemoryLimitBytes.ShouldBe(256L << 20);
        listed.Single(e => e.Id == unlimited.Id).MemoryLimitBytes.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_OnAUserDefinedNetwork_ReportsTheNetworksName()
    {
        var network = "orrery-test-net-" + Guid.NewGuid().ToString("N")[..6];
        await DockerCli.RunAsync(Endpoint, ["network", "create", network], null, Ct);
        var host = CreateDockerHost(Stack, o => o.Network = network);
        try
        {
            // Not waited for: on a user-defined network the engine is reached by its name, which only that network resolves.
            var engine = await StartAsync(host, await SpecAsync());

            engine.Network.ShouldBe(network);
            (await NewHost().ListAsync(Ct)).Single(e => e.Id == engine.Id).Network.ShouldBe(network);
            await host.RemoveAsync(engine.Id, Ct);
        }
        finally
        {
            await DockerCli.RunAsync(Endpoint, ["network", "rm", network], null, CancellationToken.None);
        }
    }

    [Fact]
    public void Info_NamesTheDaemon()
    {
        var info = NewHost().Info;

        info.Kind.ShouldBe(EngineHostKinds.Docker);
        info.Location.ShouldBe(Endpoint);
    }

    [Fact]
    public async Task GetResourcesAsync_DaemonUnreachable_ThrowsSayingSo()
    {
        using var host = CreateDockerHost(Stack, o => o.Endpoint = "unix:///nonexistent/orrery-test/docker.sock");

        var error = await Should.ThrowAsync<DockerApiException>(() => host.GetResourcesAsync(Ct));

        error.Message.ShouldContain("Cannot reach the Docker daemon at unix:///nonexistent/orrery-test/docker.sock");
    }

    [Fact]
    public async Task RunAsync_Container_IsNamedAndLabelledForItsGameAndStack()
    {
        var host = NewHost();
        var spec = await SpecAsync();

        var engine = await RunHealthyAsync(host, spec);

        var container = (await _docker.TryInspectContainerAsync(engine.Id, Ct)).ShouldNotBeNull();
        container.Name.ShouldBe($"/{ContainerPrefix}{spec.GameId}");
        var labels = container.Config.Labels.ShouldNotBeNull();
        labels[EngineLabels.Managed].ShouldBe("1");
        labels[EngineLabels.Stack].ShouldBe(Stack);
        labels[EngineLabels.GameId].ShouldBe(spec.GameId.ToString());
        labels[EngineLabels.EngineVersion].ShouldBe(spec.EngineVersion);
        labels[DockerLabels.Endpoint].ShouldBe(engine.Endpoint.AbsoluteUri);
        // The state directory is the bind mount: what the engine saved is on this machine.
        await InitAsync(engine, spec.GameId, "Vegans");
        File.Exists(Path.Combine(spec.StateDirectory, "state.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_NameTakenByAContainerOfAnotherStack_ThrowsConflictAndLeavesItAlone()
    {
        var spec = await SpecAsync();
        var theirs = await RunHealthyAsync(NewHost(Stack + "-other"), spec);

        var error = await Should.ThrowAsync<OrreryException>(() => NewHost().RunAsync(spec, Ct));

        error.Code.ShouldBe(ErrorCodes.Conflict);
        (await IsGoneAsync(theirs)).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_PullPolicyNever_RunsALocalImageAndRefusesAMissingOneWithoutPulling()
    {
        var host = CreateDockerHost(Stack, o => o.PullPolicy = "never");

        var engine = await RunHealthyAsync(host, await SpecAsync());
        var error = await Should.ThrowAsync<OrreryException>(async () => await host.RunAsync(await SpecAsync(imageRef: UnavailableImageRef), Ct));

        engine.Running.ShouldBeTrue();
        error.Code.ShouldBe(ErrorCodes.ImageUnavailable);
        error.Message.ShouldContain("pull policy is never");
    }

    [Fact]
    public async Task RunAsync_PullPolicyAlways_PullsEvenALocalImageAndFailsClearlyWithoutARegistry()
    {
        // A local copy exists under a registry name; "always" must still go to that registry, which is not there.
        var localCopy = $"{UnreachableRegistry}/orrery-test/local-copy:{Guid.NewGuid():N}";
        await DockerCli.RunAsync(Endpoint, ["tag", ReferenceImageRef, localCopy], null, Ct);
        try
        {
            var host = CreateDockerHost(Stack, o => o.PullPolicy = "always");

            var error = await Should.ThrowAsync<OrreryException>(async () => await host.RunAsync(await SpecAsync(imageRef: localCopy), Ct));

            error.Code.ShouldBe(ErrorCodes.ImageUnavailable);
            error.Message.ShouldContain("could not be pulled");
            (await host.ListAsync(Ct)).ShouldBeEmpty();
        }
        finally
        {
            await DockerCli.RunAsync(Endpoint, ["rmi", localCopy], null, Ct);
        }
    }

    [Fact]
    public async Task StreamEventsAsync_LabelFilter_SeesStartAndDieOfThisStackOnly()
    {
        var labels = new Dictionary<string, string> { [EngineLabels.Managed] = "1", [EngineLabels.Stack] = Stack };
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await RunHealthyAsync(NewHost(Stack + "-other"), await SpecAsync());
        var engine = await RunHealthyAsync(NewHost(), await SpecAsync());
        await KillAbruptlyAsync(engine);

        var seen = new List<DockerEvent>();
        await foreach (var dockerEvent in _docker.StreamEventsAsync(labels, since, watching.Token))
        {
            seen.Add(dockerEvent);
            if (dockerEvent.Action == "die")
            {
                break;
            }
        }

        seen.ShouldAllBe(e => e.Actor.Id == engine.Id && e.Type == "container");
        seen.Select(e => e.Action).ShouldContain("start");
        var died = seen[^1];
        died.Actor.Attributes.ShouldNotBeNull()["exitCode"].ShouldBe("137");
        died.Actor.Attributes[EngineLabels.GameId].ShouldNotBeNullOrEmpty();
    }
}
