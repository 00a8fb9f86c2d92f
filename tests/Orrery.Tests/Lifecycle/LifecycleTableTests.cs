using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Reconcile;
using Orrery.Runtime;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

/// <summary>
/// The rows of specs/game-runtime.spex that the other tests reach rarely, each made by the component that makes it
/// in production (a stop, the reconciler, a start). Besides checking each, these tests make sure the model the suite
/// learns (test.sh checks it against the table) has every row.
/// </summary>
public sealed class LifecycleTableTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    public static TheoryData<RuntimeStatus> StoppableStatuses() =>
        [RuntimeStatus.Starting, RuntimeStatus.GenerationInProgress, RuntimeStatus.GenerationFailed, RuntimeStatus.EngineUnreachable, RuntimeStatus.Finished];

    public static TheoryData<RuntimeStatus> StatusesExpectingAnEngine() =>
        [RuntimeStatus.Starting, RuntimeStatus.GenerationInProgress, RuntimeStatus.GenerationFailed, RuntimeStatus.EngineUnreachable];

    [Theory]
    [MemberData(nameof(StoppableStatuses))]
    public async Task Stop_from_every_status_that_can_stop_records_stopped(RuntimeStatus status)
    {
        var gameId = await _rig.GameInAsync(status);

        var stop = await _rig.Get<LifecycleService>().StopAsync(gameId, OperationSource.Admin, null, None);
        (await _rig.RunQueuedAsync()).ShouldSatisfyAllConditions(
            o => o.Id.ShouldBe(stop.Id),
            o => o.Status.ShouldBe(OperationStatus.Succeeded, o.ErrorMessage));

        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Stopped);
    }

    [Theory]
    [MemberData(nameof(StatusesExpectingAnEngine))]
    public async Task An_engine_missing_twice_from_every_status_that_expects_one_is_removed(RuntimeStatus status)
    {
        var gameId = await _rig.GameInAsync(status);
        foreach (var engine in _rig.Engines.Running.Where(e => e.Spec.GameId == gameId).ToList())
        {
            await _rig.Engines.RemoveAsync(engine.Id, None);
        }
        var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(_rig.Services, Options.Create(new ReconcileOptions()));

        (await reconciler.RunPassAsync(None)).Missing.ShouldBe([gameId]);
        (await reconciler.RunPassAsync(None)).Removed.ShouldBe([gameId]);

        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Removed);
    }

    [Theory]
    [InlineData(RuntimeStatus.Removed)]
    [InlineData(RuntimeStatus.GenerationFailed)]
    public async Task Start_relaunches_a_removed_game_and_one_whose_turn_failed(RuntimeStatus status)
    {
        var gameId = await _rig.GameInAsync(status);

        var start = await _rig.Get<LifecycleService>().StartAsync(gameId, OperationSource.Admin, null, None);
        (await _rig.RunQueuedAsync()).ShouldSatisfyAllConditions(
            o => o.Id.ShouldBe(start.Id),
            o => o.Status.ShouldBe(OperationStatus.Succeeded, o.ErrorMessage));

        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);
    }
}
