using Orrery.Engines.Docker;

namespace Orrery.Engines.Tests.Docker;

public sealed class EngineContainerTemplateTests
{
    private static readonly EngineRunSpec Spec = new(Guid.Parse("3d14163d-0001-4859-a03e-a4a11e194694"), "1.2.3", "orrery/reference-engine:1.2.3", "/srv/orrery/games/3d14163d-0001-4859-a03e-a4a11e194694");

    [Fact]
    public void Describe_HostNetwork_ListensOnTheAllocatedLoopbackPortAndRecordsIt()
    {
        var (request, endpoint) = new EngineContainerTemplate(new DockerEngineHostOptions()).Describe(Spec, hostPort: 41234);

        endpoint.ShouldBe(new Uri("http://127.0.0.1:41234/"));
        request.HostConfig.NetworkMode.ShouldBe("host");
        request.Env.ShouldBe(["ASPNETCORE_URLS=http://127.0.0.1:41234", "ENGINE_PORT=41234", "GAME_STATE_PATH=/var/lib/orrery/game"]);
        request.Labels["orrery.endpoint"].ShouldBe("http://127.0.0.1:41234/");
    }

    [Fact]
    public void Describe_UserDefinedNetwork_ListensOnEveryInterfaceAndIsReachedByContainerName()
    {
        var options = new DockerEngineHostOptions { Network = "orrery-engines", EnginePort = 9000, ContainerPrefix = "prod-" };

        var (request, endpoint) = new EngineContainerTemplate(options).Describe(Spec, hostPort: null);

        endpoint.ShouldBe(new Uri($"http://prod-{Spec.GameId}:9000/"));
        request.HostConfig.NetworkMode.ShouldBe("orrery-engines");
        request.Env.ShouldBe(["ASPNETCORE_URLS=http://+:9000", "GAME_STATE_PATH=/var/lib/orrery/game"]);
    }

    [Fact]
    public void Describe_Always_CarriesTheSpecLabelsMountAndLimits()
    {
        var options = new DockerEngineHostOptions
        {
            Stack = "blue",
            Cpus = 0.5,
            Memory = "256m",
            PidsLimit = 64,
            LogDriver = "json-file",
            LogOptions = { ["max-size"] = "10m" },
            User = "1000:1000",
            Environment = { ["ENGINE_MAX_TURNS"] = "100" },
        };

        var (request, _) = new EngineContainerTemplate(options).Describe(Spec, hostPort: 5000);

        request.Image.ShouldBe(Spec.ImageRef);
        request.Labels["orrery.managed"].ShouldBe("1");
        request.Labels["orrery.stack"].ShouldBe("blue");
        request.Labels["orrery.game_id"].ShouldBe(Spec.GameId.ToString());
        request.Labels["orrery.engine_version"].ShouldBe("1.2.3");
        request.Env.ShouldContain("ENGINE_MAX_TURNS=100");
        request.User.ShouldBe("1000:1000");
        var mount = request.HostConfig.Mounts.ShouldHaveSingleItem();
        mount.ShouldBe(new Mount("bind", Spec.StateDirectory, "/var/lib/orrery/game", ReadOnly: false));
        request.HostConfig.NanoCpus.ShouldBe(500_000_000);
        request.HostConfig.Memory.ShouldBe(256L << 20);
        request.HostConfig.MemorySwap.ShouldBe(256L << 20);
        request.HostConfig.PidsLimit.ShouldBe(64);
        request.HostConfig.LogConfig.ShouldNotBeNull().Type.ShouldBe("json-file");
        request.HostConfig.LogConfig.Config["max-size"].ShouldBe("10m");
        request.HostConfig.RestartPolicy.Name.ShouldBe("no");
    }

    [Fact]
    public void Describe_NoLimitsNoLogDriver_LeavesThemToTheDaemon()
    {
        var options = new DockerEngineHostOptions { Cpus = 0, Memory = "0", PidsLimit = 0 };

        var (request, _) = new EngineContainerTemplate(options).Describe(Spec, hostPort: 5000);

        request.HostConfig.NanoCpus.ShouldBe(0);
        request.HostConfig.Memory.ShouldBe(0);
        request.HostConfig.PidsLimit.ShouldBe(0);
        request.HostConfig.LogConfig.ShouldBeNull();
        // Orrery's own effective uid:gid, as the kernel tells it.
        request.User.ShouldBe($"{EffectiveId("Uid")}:{EffectiveId("Gid")}");
    }

    [Fact]
    public void Describe_UserSet_RunsAsThatUser() =>
        new EngineContainerTemplate(new DockerEngineHostOptions { User = "10001:10001" }).Describe(Spec, hostPort: 5000).Request.User.ShouldBe("10001:10001");

    [Fact]
    public void NameOf_Game_IsThePrefixAndTheUuid() =>
        new EngineContainerTemplate(new DockerEngineHostOptions()).NameOf(Spec.GameId).ShouldBe($"orrery-game-{Spec.GameId}");

    /// <summary>The effective id (second column) of the <c>Uid:</c> or <c>Gid:</c> line of /proc/self/status.</summary>
    private static string EffectiveId(string field) =>
        File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];
}
