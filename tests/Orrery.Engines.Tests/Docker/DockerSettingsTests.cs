using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.EngineHosts;
using Orrery.Engines.Docker;

namespace Orrery.Engines.Tests.Docker;

/// <summary>Settings, endpoints, sizes, image references and API version negotiation: everything decided before a call.</summary>
public sealed class DockerSettingsTests
{
    [Fact]
    public void Validate_Defaults_AreValid() =>
        new DockerEngineHostOptionsValidator().Validate(null, new DockerEngineHostOptions { Endpoint = "unix:///var/run/docker.sock" }).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblem()
    {
        var options = new DockerEngineHostOptions
        {
            Endpoint = "tcp://127.0.0.1:2375",
            Stack = "",
            ContainerPrefix = "-bad",
            Network = "bridge",
            EnginePort = 0,
            StateMountPath = "relative",
            Cpus = -1,
            Memory = "1k",
            PidsLimit = -1,
            LogOptions = { ["max-size"] = "1m" },
            PullPolicy = "sometimes",
            RequestTimeout = TimeSpan.Zero,
            Environment = { ["GAME_STATE_PATH"] = "/x" },
        };

        var result = new DockerEngineHostOptionsValidator().Validate(null, options);

        result.Failures.ShouldNotBeNull().Count().ShouldBe(13);
        result.FailureMessage.ShouldNotBeNull().ShouldContain("tcp:// and npipe:// are not supported");
        result.FailureMessage.ShouldContain("has no container DNS");
    }

    [Fact]
    public void AddDockerEngineHost_InvalidOptions_FailsOnResolve()
    {
        using var services = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .AddDockerEngineHost(o => o.PullPolicy = "IfMissing")
            .BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IEngineHost>()).Message.ShouldContain("PullPolicy");
    }

    [Fact]
    public void AddDockerEngineHost_ValidOptions_ResolvesTheDockerHost()
    {
        using var services = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .AddDockerEngineHost(o => o.Endpoint = "unix:///nonexistent/docker.sock")
            .BuildServiceProvider();

        services.GetRequiredService<IEngineHost>().ShouldBeOfType<RoutedEngineHost>().Fleet.Members.ShouldHaveSingleItem().Host.ShouldBeOfType<DockerEngineHost>();
    }

    [Fact]
    public void Validate_Hosts_ReportsEveryProblemByIndex()
    {
        var options = new DockerEngineHostOptions
        {
            Endpoint = "tcp://ignored:2375", // unused once Hosts lists any
            Hosts =
            {
                new DockerHostOptions { Name = "a", Endpoint = "unix:///run/a.sock", Capacity = 4 },
                new DockerHostOptions { Name = "a", Endpoint = "unix:///run/b.sock" },
                new DockerHostOptions { Name = "c/d", Endpoint = "unix:///run/a.sock", Capacity = -1 },
                new DockerHostOptions { Endpoint = "tcp://127.0.0.1:2375" },
            },
        };

        var failures = new DockerEngineHostOptionsValidator().Validate(null, options).Failures.ShouldNotBeNull().ToList();

        failures.ShouldBe(
        [
            "Hosts:1:Name 'a' is taken by another host: names tell hosts apart in engine ids.",
            "Hosts:2:Name 'c/d' must start with a letter or digit and hold only letters, digits, '_', '.' and '-' (at most 64).",
            "Hosts:2:Endpoint 'unix:///run/a.sock' is listed twice: one daemon's engines would be counted and listed twice.",
            "Hosts:2:Capacity is -1; it is the most engines the host may run, or 0 for no limit.",
            "Hosts:3:Endpoint: 'tcp://127.0.0.1:2375' is not a unix socket endpoint (unix:///path/docker.sock); tcp:// and npipe:// are not supported.",
        ]);
    }

    [Fact]
    public void AddDockerEngineHost_TwoHosts_AFleetInOrderWithCapacitiesAndOneRoutedHost()
    {
        using var services = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .Configure<EngineCapacityOptions>(o => o.Capacity = 7)
            .AddDockerEngineHost(o =>
            {
                o.Hosts.Add(new DockerHostOptions { Name = "west", Endpoint = "unix:///nonexistent/west.sock", Capacity = 3 });
                o.Hosts.Add(new DockerHostOptions { Endpoint = "unix:///nonexistent/east.sock" });
            })
            .BuildServiceProvider();

        var fleet = services.GetRequiredService<EngineHostFleet>();

        fleet.Members.Select(m => (m.Name, m.Host.Info.Location, m.Capacity)).ShouldBe(
            [("west", "unix:///nonexistent/west.sock", (int?)3), ("docker-1", "unix:///nonexistent/east.sock", 7)]);
        services.GetRequiredService<IEngineHost>().ShouldBeOfType<RoutedEngineHost>();
        services.GetRequiredService<IEngineEventSource>().ShouldBeSameAs(services.GetRequiredService<IEngineHost>());
    }

    [Fact]
    public void AddDockerEngineHost_OneEndpoint_AFleetOfOneNamedDockerWithTheNodesCapacity()
    {
        using var services = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .Configure<EngineCapacityOptions>(o => o.Capacity = 0)
            .AddDockerEngineHost(o => o.Endpoint = "unix:///nonexistent/docker.sock")
            .BuildServiceProvider();

        var only = services.GetRequiredService<EngineHostFleet>().Members.ShouldHaveSingleItem();

        (only.Name, only.Capacity).ShouldBe(("docker", (int?)null));
        only.Host.ShouldBeOfType<DockerEngineHost>();
        services.GetRequiredService<IEngineHost>().Info.ShouldBe(only.Host.Info);
    }

    [Theory]
    [InlineData("unix:///var/run/docker.sock", "/var/run/docker.sock")]
    [InlineData("unix:///tmp/a b/docker.sock", "/tmp/a b/docker.sock")]
    [InlineData("unix://relative.sock", null)]
    [InlineData("tcp://127.0.0.1:2375", null)]
    [InlineData("/var/run/docker.sock", null)]
    public void TryGetSocketPath_Endpoint_IsTheAbsoluteUnixSocketPath(string endpoint, string? expected) =>
        DockerEndpoint.TryGetSocketPath(endpoint, out _).ShouldBe(expected);

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("64k", 64L << 10)]
    [InlineData("1000", 1000L)]
    [InlineData("1000b", 1000L)]
    [InlineData("0", 0L)]
    public void ByteSize_Valid_ParsesAsDockerDoes(string text, long bytes)
    {
        ByteSize.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("-1m")]
    [InlineData("1.5g")]
    [InlineData("1t")]
    [InlineData("99999999999999999g")]
    public void ByteSize_Invalid_IsRefused(string text) => ByteSize.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("orrery/reference-engine", "orrery/reference-engine:latest")]
    [InlineData("orrery/reference-engine:1.2.3", "orrery/reference-engine:1.2.3")]
    [InlineData("127.0.0.1:5000/engine", "127.0.0.1:5000/engine:latest")]
    [InlineData("127.0.0.1:5000/engine:2", "127.0.0.1:5000/engine:2")]
    [InlineData("engine@sha256:abc", "engine@sha256:abc")]
    public void WithDefaultTag_Reference_PullsOneTagOnly(string imageRef, string expected) =>
        ImageReference.WithDefaultTag(imageRef).ShouldBe(expected);

    [Theory]
    [InlineData("orrery/reference-engine:test", true)]
    [InlineData("registry.example:5000/a/b_c-d@sha256:0f", true)]
    [InlineData("engine?all=1", false)]
    [InlineData("engine#x", false)]
    [InlineData("", false)]
    public void IsWellFormed_Reference_AllowsOnlyReferenceCharacters(string imageRef, bool expected) =>
        ImageReference.IsWellFormed(imageRef).ShouldBe(expected);

    [Theory]
    [InlineData("1.41", "1.12", "1.41")]
    [InlineData("1.45", "1.24", "1.45")]
    [InlineData("1.52", "1.44", "1.47")]
    public void Negotiate_DaemonVersion_SpeaksTheNewestBoth_Know(string daemon, string minimum, string expected) =>
        DockerApiClient.Negotiate(Version.Parse(daemon), Version.Parse(minimum)).ShouldBe(Version.Parse(expected));

    [Theory]
    [InlineData("1.40", "1.12")]
    [InlineData("1.60", "1.50")]
    public void Negotiate_NoCommonVersion_FailsClearly(string daemon, string minimum) =>
        Should.Throw<DockerApiException>(() => DockerApiClient.Negotiate(Version.Parse(daemon), Version.Parse(minimum))).Message.ShouldContain("API");

    [Theory]
    [InlineData("v1.41/containers/3f2a/json", "containers/{id}/json")]
    [InlineData("v1.41/containers/orrery-game-x/stop?t=10", "containers/{id}/stop")]
    [InlineData("v1.41/containers/3f2a?force=true", "containers/{id}")]
    [InlineData("v1.41/containers/create?name=orrery-game-x", "containers/create")]
    [InlineData("v1.41/containers/json?all=true&filters=x", "containers/json")]
    [InlineData("v1.41/images/127.0.0.1:5000/orrery/engine:1/json", "images/{name}/json")]
    [InlineData("v1.41/images/create?fromImage=x", "images/create")]
    [InlineData("v1.41/events?filters=x", "events")]
    [InlineData("version", "version")]
    public void Route_Path_HidesIdsNamesAndQueries(string path, string route) => DockerTelemetry.Route(path).ShouldBe(route);
}
