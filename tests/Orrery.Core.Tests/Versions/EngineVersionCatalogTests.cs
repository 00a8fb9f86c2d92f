using Orrery.Core.Tests.Fakes;
using Orrery.Errors;
using Orrery.Versions;

namespace Orrery.Core.Tests.Versions;

public sealed class EngineVersionCatalogTests
{
    private readonly CountingVersionStore _store = new();
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private EngineVersion Version(string v, bool deprecated = false) => new(SemVersion.Parse(v), "builtin:reference-engine", deprecated, _time.GetUtcNow());

    [Fact]
    public async Task ResolveRunnableAsync_WithinTimeToLive_ReadsStoreOnce()
    {
        await _store.UpsertAsync(Version("1.0.0"), Ct);
        var catalog = new EngineVersionCatalog(_store, _time);

        await catalog.ResolveRunnableAsync("1.0.0", Ct);
        await catalog.ResolveRunnableAsync("1.0.0", Ct);

        _store.Reads.ShouldBe(1);
    }

    [Fact]
    public async Task ResolveRunnableAsync_AfterTimeToLive_SeesChangeMadeElsewhere()
    {
        await _store.UpsertAsync(Version("1.0.0"), Ct);
        var catalog = new EngineVersionCatalog(_store, _time);
        await catalog.ResolveRunnableAsync("1.0.0", Ct);
        await _store.UpsertAsync(Version("1.0.0", deprecated: true), Ct); // another node deprecates it

        _time.Advance(EngineVersionCatalog.TimeToLive);
        var error = await Should.ThrowAsync<OrreryException>(() => catalog.ResolveRunnableAsync("1.0.0", Ct).AsTask());

        error.Message.ShouldContain("deprecated");
    }

    [Fact]
    public async Task Register_ThroughRegistry_SeenAtOnce()
    {
        var catalog = new EngineVersionCatalog(_store, _time);
        var registry = new EngineVersionRegistry(_store, catalog, _time);
        await Should.ThrowAsync<OrreryException>(() => catalog.ResolveRunnableAsync("2.0.0", Ct).AsTask()); // cached as unknown

        await registry.RegisterAsync("2.0.0", "orrery/reference-engine:2.0.0", deprecated: false, Ct);

        (await catalog.ResolveRunnableAsync("2.0.0", Ct)).ImageRef.ShouldBe("orrery/reference-engine:2.0.0");
    }

    [Theory]
    [InlineData("1.0", "not a semantic version")]
    [InlineData("3.0.0", "not registered")]
    public async Task ResolveRunnableAsync_BadVersion_InvalidInput(string version, string message)
    {
        var error = await Should.ThrowAsync<OrreryException>(() => new EngineVersionCatalog(_store, _time).ResolveRunnableAsync(version, Ct).AsTask());

        error.Code.ShouldBe(ErrorCodes.InvalidInput);
        error.Message.ShouldContain(message);
    }
}
