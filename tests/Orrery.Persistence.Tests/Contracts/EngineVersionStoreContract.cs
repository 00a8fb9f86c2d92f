using Orrery.Versions;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class EngineVersionStoreContract : StoreContract
{
    [Fact]
    public async Task UpsertAsync_NewVersion_ReturnsAndStoresEveryField()
    {
        var store = await CreateStoreAsync();
        var version = new EngineVersion(SemVersion.Parse("2.3.4-beta.2"), "registry.example/engine:2.3.4-beta.2", true, At(1));

        var stored = await store.Versions.UpsertAsync(version, Ct);

        stored.ShouldBe(version);
        (await store.Versions.GetAsync(version.Version, Ct)).ShouldBe(version);
    }

    [Fact]
    public async Task UpsertAsync_ExistingVersion_UpdatesImageRefAndDeprecatedButKeepsCreatedAt()
    {
        var store = await CreateStoreAsync();
        var first = await store.Versions.UpsertAsync(new EngineVersion(SemVersion.Parse("1.0.0"), "builtin:reference-engine", false, At(1)), Ct);

        var stored = await store.Versions.UpsertAsync(first with { ImageRef = "/opt/engines/v1 --fast", Deprecated = true, CreatedAt = At(9) }, Ct);

        var expected = first with { ImageRef = "/opt/engines/v1 --fast", Deprecated = true };
        stored.ShouldBe(expected);
        (await store.Versions.GetAsync(first.Version, Ct)).ShouldBe(expected);
        (await store.Versions.ListAsync(Ct)).ShouldBe([expected]);
    }

    [Fact]
    public async Task GetAsync_UnknownVersion_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.Versions.UpsertAsync(new EngineVersion(SemVersion.Parse("1.0.0"), "image", false, At(1)), Ct);

        (await store.Versions.GetAsync(SemVersion.Parse("1.0.1"), Ct)).ShouldBeNull();
        (await store.Versions.GetAsync(SemVersion.Parse("1.0.0-rc.1"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_BuildMetadata_FindsTheSameVersion()
    {
        var store = await CreateStoreAsync();
        var version = await store.Versions.UpsertAsync(new EngineVersion(SemVersion.Parse("1.4.0"), "image", false, At(1)), Ct);

        (await store.Versions.GetAsync(SemVersion.Parse("1.4.0+build.77"), Ct)).ShouldBe(version);
    }

    [Fact]
    public async Task ListAsync_SeveralVersions_ReturnsHighestPrecedenceFirst()
    {
        var store = await CreateStoreAsync();
        foreach (var text in new[] { "1.0.0-rc.1", "1.9.0", "1.10.0", "1.0.0", "0.9.9", "1.0.0-beta.11", "1.0.0-beta.2" })
        {
            await store.Versions.UpsertAsync(new EngineVersion(SemVersion.Parse(text), "image-" + text, false, At(1)), Ct);
        }

        var listed = await store.Versions.ListAsync(Ct);

        listed.Select(v => v.Version.ToString()).ShouldBe(["1.10.0", "1.9.0", "1.0.0", "1.0.0-rc.1", "1.0.0-beta.11", "1.0.0-beta.2", "0.9.9"]);
        listed.ShouldAllBe(v => v.ImageRef == "image-" + v.Version.ToString());
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        (await store.Versions.ListAsync(Ct)).ShouldBeEmpty();
    }
}
