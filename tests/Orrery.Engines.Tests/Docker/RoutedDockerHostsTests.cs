using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.EngineHosts;
using Orrery.Engines.Docker;
using Orrery.Engines.Tests.Support;
using Orrery.Tests.Shared;

namespace Orrery.Engines.Tests.Docker;

/// <summary>
/// Two real daemons behind one <see cref="RoutedEngineHost"/> (SPEC §10): the shared test daemon as <c>a</c> and a
/// private one of the test as <c>b</c>, which the test may take down.
/// </summary>
public sealed class RoutedDockerHostsTests : IAsyncLifetime
{
    private readonly string _stack = "routed-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory _stateRoot = new();
    private readonly List<DockerEngineHost> _members = [];
    private PrivateDockerDaemon _second = null!;
    private RoutedEngineHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _second = await PrivateDockerDaemon.StartAsync([TestServers.EngineImage], Ct);
        var fleet = new EngineHostFleet([Member("a", TestServers.Docker), Member("b", _second.Endpoint)]);
        _host = new RoutedEngineHost(fleet, TimeProvider.System, NullLogger<RoutedEngineHost>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in (await PrivateDockerDaemon.RunDockerAsync(
            TestServers.Docker, ["ps", "-aq", "--filter", $"label=orrery.stack={_stack}"], CancellationToken.None)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await PrivateDockerDaemon.RunDockerAsync(TestServers.Docker, ["rm", "-f", container], CancellationToken.None);
        }
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
        _members.ForEach(m => m.Dispose());
        _stateRoot.Dispose();
    }

    [Fact]
    public async Task Engines_OnTwoDaemons_IdsNameTheirDaemonAndEveryCallGoesThere()
    {
        var onA = await RunAsync("a");
        var onB = await RunAsync("b");

        onA.Id.ShouldStartWith("a/");
        onB.Id.ShouldStartWith("b/");
        (await _second.DockerAsync("ps", "-q", "--no-trunc", "--filter", $"label=orrery.stack={_stack}")).ShouldBe(onB.Id[2..]);
        (await _host.ListAsync(Ct)).Select(e => e.Id).Order().ShouldBe([onA.Id, onB.Id]);
        (await _host.InspectAsync(onB.Id, Ct)).ShouldNotBeNull().Running.ShouldBeTrue();
        (await _host.InspectAsync(onA.Id[2..], Ct)).ShouldNotBeNull().Id.ShouldBe(onA.Id[2..], "a plain id is found on whichever daemon has it");

        await _host.StopAsync(onB.Id, TimeSpan.FromSeconds(5), Ct);
        await _host.RemoveAsync(onB.Id, Ct);

        (await _second.DockerAsync("ps", "-aq", "--filter", $"label=orrery.stack={_stack}")).ShouldBeEmpty();
        (await _host.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(onA.Id);
    }

    [Fact]
    public async Task Events_OfEveryDaemon_AreFollowedWithIdsNamingTheirDaemon()
    {
        var onA = await RunAsync("a");
        var onB = await RunAsync("b");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        await using var changes = _host.WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        var next = changes.MoveNextAsync().AsTask(); // watching from before the kills

        await _second.DockerAsync("kill", onB.Id[2..]);
        await PrivateDockerDaemon.RunDockerAsync(TestServers.Docker, ["kill", onA.Id[2..]], Ct);

        var dead = new List<string>();
        while (await next)
        {
            if (changes.Current.Action == "die")
            {
                dead.Add(changes.Current.EngineId);
            }
            if (dead.Count == 2)
            {
                break;
            }
            next = changes.MoveNextAsync().AsTask();
        }
        dead.Order().ShouldBe([onA.Id, onB.Id]);
    }

    [Fact]
    public async Task OneDaemonDown_TheOtherIsListedAndServed_AndTheListingSaysWhichFailed()
    {
        var onA = await RunAsync("a");
        var onB = await RunAsync("b");

        await _second.StopAsync();

        var listing = await _host.ListByHostAsync(Ct);
        listing.Engines.ShouldHaveSingleItem().Id.ShouldBe(onA.Id);
        listing.Unreachable.ShouldHaveSingleItem().Name.ShouldBe("b");
        listing.MayHide(onB.Id).ShouldBeTrue();
        (await _host.ListRunningGamesAsync(Ct)).ShouldBe([onA.GameId!.Value]);
        (await _host.InspectAsync(onA.Id, Ct)).ShouldNotBeNull().Running.ShouldBeTrue();
        await Should.ThrowAsync<Exception>(() => _host.InspectAsync(onB.Id, Ct));
        var placed = await _host.RunAsync(await SpecAsync("a"), Ct);
        placed.Id.ShouldStartWith("a/");
    }

    private EngineHostMember Member(string name, string endpoint)
    {
        var options = new DockerEngineHostOptions
        {
            Endpoint = endpoint,
            Stack = _stack,
            ContainerPrefix = _stack + "-",
            Memory = "256m",
            LogDriver = "json-file",
            LogOptions = { ["max-size"] = "1m" },
        };
        var host = new DockerEngineHost(Options.Create(options), TimeProvider.System, NullLogger<DockerEngineHost>.Instance);
        _members.Add(host);
        return new EngineHostMember(name, host, 10);
    }

    private async Task<EngineInstance> RunAsync(string hostName) => await _host.RunAsync(await SpecAsync(hostName), Ct);

    private Task<EngineRunSpec> SpecAsync(string hostName)
    {
        var gameId = Guid.NewGuid();
        var state = Directory.CreateDirectory(_stateRoot.Combine(gameId.ToString()));
        return Task.FromResult(new EngineRunSpec(gameId, "1.0.0", TestServers.EngineImage, state.FullName, hostName));
    }
}
