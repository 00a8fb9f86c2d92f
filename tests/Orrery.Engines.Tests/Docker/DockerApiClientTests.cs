using Orrery.Engines.Docker;
using Orrery.Engines.Process;
using Orrery.Engines.Tests.Support;
using Orrery.Tests.Shared;

namespace Orrery.Engines.Tests.Docker;

/// <summary>How the client maps the real daemon's refusals: 404 and 409 by type, everything with Docker's own message.</summary>
public sealed class DockerApiClientTests : IAsyncLifetime
{
    private readonly string _endpoint = TestServers.Docker;
    private readonly string _name = "orrery-test-client-" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempDirectory _state = new();
    private readonly DockerApiClient _docker;

    public DockerApiClientTests()
    {
        _docker = new DockerApiClient(_endpoint, TimeSpan.FromSeconds(30));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await DockerTestImages.EnsureAsync(_endpoint, Ct);

    public async ValueTask DisposeAsync()
    {
        if (await _docker.TryInspectContainerAsync(_name, CancellationToken.None) is { } container)
        {
            await _docker.RemoveContainerAsync(container.Id, force: true, CancellationToken.None);
        }
        _docker.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task GetInfoAsync_RealDaemon_ReportsTheMachinesMemory()
    {
        var info = await _docker.GetInfoAsync(Ct);

        // The test daemon runs on this machine: its MemTotal is the kernel's.
        info.MemTotal.ShouldBe((await MemInfo.ReadTotalBytesAsync(Ct)).ShouldNotBeNull());
    }

    [Fact]
    public async Task CreateContainerAsync_NameTaken_ThrowsConflictWithDockersMessage()
    {
        await _docker.CreateContainerAsync(_name, Request(), Ct);

        var error = await Should.ThrowAsync<DockerConflictException>(() => _docker.CreateContainerAsync(_name, Request(), Ct));

        error.StatusCode.ShouldBe(409);
        error.Message.ShouldContain("is already in use");
    }

    [Fact]
    public async Task CreateContainerAsync_NoSuchImage_ThrowsNotFound()
    {
        var error = await Should.ThrowAsync<DockerNotFoundException>(() => _docker.CreateContainerAsync(_name, Request("orrery-test/no-such-image:0"), Ct));

        error.Message.ShouldContain("No such image");
    }

    [Fact]
    public async Task KillContainerAsync_NotRunning_ThrowsConflict()
    {
        var created = await _docker.CreateContainerAsync(_name, Request(), Ct);

        var error = await Should.ThrowAsync<DockerConflictException>(() => _docker.KillContainerAsync(created.Id, "KILL", Ct));

        error.Message.ShouldContain("is not running");
    }

    [Fact]
    public async Task StopAndRemove_Lifecycle_ReportWhatHappened()
    {
        var created = await _docker.CreateContainerAsync(_name, Request(), Ct);
        await _docker.StartContainerAsync(created.Id, Ct);
        await _docker.StartContainerAsync(created.Id, Ct); // already running: 304, fine

        (await _docker.StopContainerAsync(created.Id, TimeSpan.Zero, Ct)).ShouldBeTrue();
        (await _docker.StopContainerAsync(created.Id, TimeSpan.Zero, Ct)).ShouldBeFalse();
        var stopped = (await _docker.TryInspectContainerAsync(created.Id, Ct)).ShouldNotBeNull();
        await _docker.RemoveContainerAsync(created.Id, force: false, Ct);

        stopped.State.Running.ShouldBeFalse();
        stopped.State.ExitCode.ShouldBe(137);
        (await _docker.TryInspectContainerAsync(created.Id, Ct)).ShouldBeNull();
        await Should.ThrowAsync<DockerNotFoundException>(() => _docker.RemoveContainerAsync(created.Id, force: true, Ct));
    }

    [Fact]
    public async Task AnyCall_NoDaemonOnTheSocket_ThrowsWithTheEndpointAndNoStatus()
    {
        var missing = "unix://" + _state.Combine("no-daemon.sock");
        using var nowhere = new DockerApiClient(missing, TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<DockerApiException>(() => nowhere.ListContainersAsync(new Dictionary<string, string>(), Ct));

        error.StatusCode.ShouldBeNull();
        error.Message.ShouldContain($"Cannot reach the Docker daemon at {missing}");
    }

    [Fact]
    public async Task GetVersionAsync_RealDaemon_ServesAVersionThisClientSpeaks()
    {
        var version = await _docker.GetVersionAsync(Ct);

        DockerApiClient.Negotiate(Version.Parse(version.ApiVersion), version.MinApiVersion is { } min ? Version.Parse(min) : null)
            .ShouldBeGreaterThanOrEqualTo(DockerApiClient.MinimumApiVersion);
    }

    private ContainerCreateRequest Request(string image = DockerTestImages.IgnoresSigterm) =>
        new(image, ["GAME_STATE_PATH=/state"], new Dictionary<string, string> { ["orrery.test"] = "client" },
            new HostConfig([new Mount("bind", _state.Path, "/state", false)], "none", 0, 0, 0, 0, null, new RestartPolicy("no")), "0:0");
}
