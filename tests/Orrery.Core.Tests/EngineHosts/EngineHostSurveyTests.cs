using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Core.Tests.Fakes;
using Orrery.EngineHosts;
using Orrery.Engines;

namespace Orrery.Core.Tests.EngineHosts;

public sealed class EngineHostSurveyTests
{
    private const long MiB = 1L << 20;
    private readonly ListedEngineHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IReadOnlyList<EngineHostUsage>> SurveyAsync(int capacity = 4) =>
        new EngineHostSurvey(EngineHostFleet.Single(_host, capacity > 0 ? capacity : null), NullLogger<EngineHostSurvey>.Instance)
            .SurveyAsync(Ct);

    [Fact]
    public async Task SurveyAsync_RunningEngines_CountedAgainstCapacityAndMemory()
    {
        _host.Resources = new EngineHostResources(4096 * MiB);
        _host.Add(Guid.NewGuid(), memoryLimitBytes: 512 * MiB);
        _host.Add(Guid.NewGuid(), memoryLimitBytes: 512 * MiB);
        _host.Add(Guid.NewGuid(), running: false, memoryLimitBytes: 512 * MiB);

        var usage = (await SurveyAsync()).ShouldHaveSingleItem();

        usage.Name.ShouldBe("docker");
        usage.Info.ShouldBe(_host.Info);
        usage.Reachable.ShouldBeTrue();
        usage.Running.ShouldBe(2);
        usage.Capacity.ShouldBe(4);
        usage.Use.ShouldBe(0.5);
        usage.MemoryLimitBytes.ShouldBe(1024 * MiB);
        usage.MemoryTotalBytes.ShouldBe(4096 * MiB);
        usage.MemoryUse.ShouldBe(0.25);
    }

    [Fact]
    public async Task SurveyAsync_AnEngineWithoutMemoryLimit_NoSumOfLimits()
    {
        _host.Resources = new EngineHostResources(4096 * MiB);
        _host.Add(Guid.NewGuid(), memoryLimitBytes: 512 * MiB);
        _host.Add(Guid.NewGuid());

        var usage = (await SurveyAsync()).Single();

        usage.MemoryLimitBytes.ShouldBeNull();
        usage.MemoryUse.ShouldBeNull();
        usage.MemoryTotalBytes.ShouldBe(4096 * MiB);
    }

    [Fact]
    public async Task SurveyAsync_NoCapacityNoEnginesNoMemoryKnown_NullsNotGuesses()
    {
        var usage = (await SurveyAsync(capacity: 0)).Single();

        usage.Running.ShouldBe(0);
        usage.Capacity.ShouldBeNull();
        usage.Use.ShouldBeNull();
        usage.MemoryLimitBytes.ShouldBeNull();
        usage.MemoryTotalBytes.ShouldBeNull();
    }

    [Fact]
    public async Task SurveyAsync_HostUnreachable_ReportedWithTheError()
    {
        _host.Failure = new IOException("Cannot reach the Docker daemon at unix:///run/test.sock");

        var usage = (await SurveyAsync()).Single();

        usage.Reachable.ShouldBeFalse();
        usage.Error.ShouldBe("Cannot reach the Docker daemon at unix:///run/test.sock");
        usage.Capacity.ShouldBe(4);
        usage.Running.ShouldBeNull();
        usage.Use.ShouldBeNull();
    }
}
