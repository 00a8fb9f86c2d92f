using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Core.Tests.Fakes;
using Orrery.Errors;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

public sealed class SpecRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SpecRegistry Registry(InMemorySpecInstanceStore store) => new(store, TimeProvider.System, NullLogger<SpecRegistry>.Instance);

    [Fact]
    public async Task RegisterAsync_Replaced_StoredAndReadBackByAnotherRegistry()
    {
        var store = new InMemorySpecInstanceStore();
        await Registry(store).RegisterAsync(SpexFormat.Parse(SpecRig.Door), Ct);
        await Registry(store).RegisterAsync(SpexFormat.Parse(SpecRig.Door.Replace("Transition timeout: 1m", "Transition timeout: 2m")), Ct);

        var restarted = Registry(store);
        await restarted.LoadAsync(null, Ct);

        restarted.Get("door").TransitionTimeout("closed").ShouldBe(TimeSpan.FromMinutes(2));
        restarted.List().Select(s => s.Name).ShouldBe(["door", "game-runtime"]);
    }

    [Fact]
    public async Task RegisterAsync_GameRuntime_RefusedAsBuiltIn()
    {
        var registry = Registry(new InMemorySpecInstanceStore());

        var refusal = await Should.ThrowAsync<Errors.OrreryException>(() => registry.RegisterAsync(
            SpexFormat.Parse("Specification: game-runtime\nLearning mode: false\nTransitions:\nnone --[launch]-> starting\n"), Ct));

        refusal.Code.ShouldBe(Errors.ErrorCodes.Conflict);
        registry.Get("game-runtime").ShouldBeSameAs(Orrery.Runtime.RuntimeTransitions.Specification);
    }

    [Fact]
    public async Task LoadAsync_Directory_FilesRegisteredOverStoredOnes()
    {
        var store = new InMemorySpecInstanceStore();
        await Registry(store).RegisterAsync(SpexFormat.Parse(SpecRig.Door), Ct);
        var directory = Directory.CreateTempSubdirectory("orrery-specs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "door.spex"), SpecRig.Door.Replace("Learning mode: false", "Learning mode: true"), Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "lift.spex"), "Specification: lift\nLearning mode: false\nTransitions:\nup --[down]-> down\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "not a spec", Ct);

        var registry = Registry(store);
        await registry.LoadAsync(directory, Ct);

        registry.Get("door").LearningMode.ShouldBeTrue();
        registry.Get("lift").InitialState.ShouldBe("up");
        (await store.ListSpecificationsAsync(Ct)).Count.ShouldBe(2);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task LoadAsync_MalformedFile_FailsWithFileAndLine()
    {
        var directory = Directory.CreateTempSubdirectory("orrery-specs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "bad.spex"), "Specification: bad\nLearning mode: maybe\nTransitions:\n", Ct);

        var error = await Should.ThrowAsync<SpexFormatException>(Registry(new InMemorySpecInstanceStore()).LoadAsync(directory, Ct));

        (error.File, error.Line).ShouldBe(("bad.spex", 2));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task RegisterAsync_NoTransitions_RefusedAndNotStored()
    {
        var store = new InMemorySpecInstanceStore();

        await Should.ThrowAsync<SpexFormatException>(Registry(store).RegisterAsync(SpexFormat.Parse("Specification: empty\nTransitions:\n"), Ct));

        (await store.ListSpecificationsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public void Get_Unknown_NotFound() =>
        Should.Throw<OrreryException>(() => Registry(new InMemorySpecInstanceStore()).Get("nope")).Code.ShouldBe(ErrorCodes.NotFound);
}
