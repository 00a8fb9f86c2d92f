using Orrery.Engines;
using Orrery.Errors;
using Orrery.Snapshots;
using Orrery.Storage;
using Orrery.Tests.Support;

namespace Orrery.Tests.Snapshots;

public sealed class SnapshotPublisherTests : IAsyncLifetime
{
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task PublishManyAsync_RecordWriteRefused_TheSnapshotIsTakenBack()
    {
        // An observation that turned stale before its write (a turn recorded meanwhile): its record change refuses.
        var gameId = await _rig.StartGameAsync();
        var before = await SnapshotTurnsAsync(gameId);
        var stale = new SnapshotUpdate(gameId, new EngineState(gameId, 6, false, []), (_, _) => throw OrreryException.Conflict("changed meanwhile"));

        var saved = await _rig.Get<SnapshotPublisher>().PublishManyAsync([stale], TestContext.Current.CancellationToken);

        saved.ShouldBe([null]);
        (await SnapshotTurnsAsync(gameId)).ShouldBe(before);
    }

    [Fact]
    public async Task PublishAsync_RecordWriteRefused_TheSnapshotIsTakenBackAndTheRefusalThrown()
    {
        var gameId = await _rig.StartGameAsync();
        var before = await SnapshotTurnsAsync(gameId);

        var refusal = await Should.ThrowAsync<OrreryException>(() => _rig.Get<SnapshotPublisher>().PublishAsync(
            gameId, new EngineState(gameId, 6, false, []), (_, _) => throw OrreryException.Conflict("changed meanwhile"), TestContext.Current.CancellationToken));

        refusal.Code.ShouldBe(ErrorCodes.Conflict);
        (await SnapshotTurnsAsync(gameId)).ShouldBe(before);
    }

    private async Task<List<int>> SnapshotTurnsAsync(Guid gameId) =>
        [.. (await _rig.Get<IHealthSnapshotStore>().ListAsync(gameId, PageRequest.Create(1, 100), TestContext.Current.CancellationToken)).Items.Select(s => s.Turn)];
}
