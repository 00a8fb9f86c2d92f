using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.Engines.Http;
using Orrery.Engines.Process;
using Orrery.Engines.Tests.Support;

namespace Orrery.Engines.Tests;

public sealed class EnginesServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AddEngines_AllThree_ResolveToTheAdapters()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddProcessEngineHost(o => o.EnginesDirectory = _temp.Combine("engines"))
            .AddHttpEngineClient(o => o.TurnTimeout = TimeSpan.FromMinutes(1))
            .AddFileSystemStateDirectories(_temp.Combine("games"))
            .BuildServiceProvider();

        services.GetRequiredService<IEngineHost>().ShouldBeOfType<ProcessEngineHost>();
        services.GetRequiredService<IEngineClient>().ShouldBeOfType<HttpEngineClient>();
        services.GetRequiredService<IStateDirectories>().ShouldBeOfType<FileSystemStateDirectories>();
        services.GetRequiredService<IOptions<EngineClientOptions>>().Value.TurnTimeout.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void AddProcessEngineHost_InvalidOptions_FailsOnResolveWithEveryProblem()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddProcessEngineHost(o =>
            {
                o.Stack = " ";
                o.Environment["ENGINE_PORT"] = "1";
            })
            .BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IEngineHost>());

        error.Failures.Count().ShouldBe(3);
    }
}
