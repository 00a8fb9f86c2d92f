using Orrery.Core.Tests.Fakes;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Lifecycle;

public sealed class RuntimeRecordsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private readonly InMemoryRuntimeStore _store = new();
    private readonly Guid _game = Guid.NewGuid();

    public RuntimeRecordsTests() => _store.KnownGames.Add(_game);

    [Fact]
    public async Task UpsertAsync_NoRecord_InsertsVersionOne()
    {
        var records = new RuntimeRecords(_store);

        var saved = await records.UpsertAsync(_game, current => current ?? RuntimeRecord.NewStarting(_game, "* * * * *", T0), TestContext.Current.CancellationToken);

        saved.Version.ShouldBe(1);
        saved.Status.ShouldBe(RuntimeStatus.Starting);
    }

    [Fact]
    public async Task UpsertAsync_Committed_RaisesTheWrittenRecordForLiveSessions()
    {
        var changes = new GameChanges();
        var raised = new List<GameChange>();
        changes.Listen(raised.Add);
        var records = new RuntimeRecords(_store, changes: changes);

        var saved = await records.UpsertAsync(_game, current => current ?? RuntimeRecord.NewStarting(_game, "* * * * *", T0), TestContext.Current.CancellationToken);
        await records.UpdateAsync(_game, r => r, TestContext.Current.CancellationToken); // no change, no write: nothing raised

        raised.ShouldBe([new RuntimeRecordChanged(saved)]);
    }

    [Fact]
    public async Task Writes_StatusChanged_ReportedAsStepsOfTheGameRuntimeSpecification()
    {
        var log = new RecordingStepLog();
        var records = new RuntimeRecords(_store, steps: log);
        var ct = TestContext.Current.CancellationToken;

        await records.UpsertAsync(_game, current => current ?? RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        await records.UpdateAsync(_game, r => r with { EngineHealth = "ok" }, ct); // no status change: no step
        await records.UpdateManyAsync([(_game, r => r.TransitionTo(RuntimeStatus.Running, T0))], ct);
        records.Forget(_game);

        log.Lines.ShouldBe([
            $"{_game} nil --[__initialisation__]-> none", $"{_game} none --[launch]-> starting",
            $"{_game} starting --[engine_ready]-> running", $"{_game} deleted"]);
    }

    private sealed class RecordingStepLog : IRuntimeStepLog
    {
        public List<string> Lines { get; } = [];

        public void Record(Guid gameId, System.Collections.Immutable.ImmutableArray<Orrery.Specs.SpexTransition> steps) =>
            Lines.AddRange(steps.Select(s => $"{gameId} {s}"));

        public void Deleted(Guid gameId) => Lines.Add($"{gameId} deleted");
    }

    [Fact]
    public async Task UpsertAsync_UnknownGame_NotFound()
    {
        var records = new RuntimeRecords(_store);
        var unknown = Guid.NewGuid();

        var error = await Should.ThrowAsync<OrreryException>(() =>
            records.UpsertAsync(unknown, _ => RuntimeRecord.NewStarting(unknown, "* * * * *", T0), TestContext.Current.CancellationToken));

        error.Code.ShouldBe(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Learn_RecordsReadElsewhere_AreServedFromTheCache_AndNeverReplaceANewerOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        var saved = await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        var other = Guid.NewGuid();
        var listed = RuntimeRecord.NewStarting(other, "* * * * *", T0) with { Version = 3 };

        records.Learn([listed, saved with { Version = 0, CurrentTurn = 99 }]);

        records.TryGetCached(other).ShouldBe(listed);
        records.TryGetCached(_game).ShouldBe(saved, "an older copy does not replace the cached record");
    }

    [Fact]
    public async Task UpdateAsync_StaleCache_RereadsAndAppliesChangeToFreshRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        var cached = await records.GetAsync(_game, ct);
        // Another writer moves the record on behind the cache's back.
        _store.Overwrite(cached! with { CurrentTurn = 7 });

        var saved = await records.UpdateAsync(_game, r => r.TransitionTo(RuntimeStatus.Running, T0), ct);

        saved.Status.ShouldBe(RuntimeStatus.Running);
        saved.CurrentTurn.ShouldBe(7, "the change was applied to the record as stored, not the stale copy");
        (await records.GetAsync(_game, ct))!.ShouldBe(saved);
    }

    [Fact]
    public async Task UpdateAsync_ChangeInvalidAfterConcurrentWrite_ThrowsInvalidTransition()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        var initial = await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        _store.Overwrite(initial.TransitionTo(RuntimeStatus.Stopped, T0));

        var error = await Should.ThrowAsync<OrreryException>(() =>
            records.UpdateAsync(_game, r => r.TransitionTo(RuntimeStatus.Running, T0), ct));

        error.Code.ShouldBe(ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWriters_NoLostUpdate()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        // Slow every write down a little so the writers genuinely interleave.
        _store.BeforeUpdate = _ => Thread.Yield();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    await records.UpdateAsync(_game, r => r with { CurrentTurn = r.CurrentTurn + 1 }, ct);
                }
                catch (OrreryException e) when (e.Code == ErrorCodes.Conflict)
                {
                    i--; // gave up after repeated losses: try again, the test counts successful increments
                }
            }
        }, ct)));

        (await _store.GetAsync(_game, ct))!.CurrentTurn.ShouldBe(100);
    }

    [Fact]
    public async Task UpdateManyAsync_OneChangeRefuses_TheOthersAreWrittenAndItGetsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        var other = Guid.NewGuid();
        _store.KnownGames.Add(other);
        await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        await records.UpsertAsync(other, _ => RuntimeRecord.NewStarting(other, "* * * * *", T0), ct);

        var results = await records.UpdateManyAsync(
        [
            (_game, r => r.TransitionTo(RuntimeStatus.Running, T0)),
            (other, _ => throw OrreryException.Conflict("this one no longer applies")),
            (Guid.NewGuid(), r => r),
        ], ct);

        results[0]!.Status.ShouldBe(RuntimeStatus.Running);
        results[1].ShouldBeNull();
        results[2].ShouldBeNull("a game without a record");
        (await _store.GetAsync(other, ct))!.Status.ShouldBe(RuntimeStatus.Starting);
    }

    [Fact]
    public async Task UpdateManyAsync_ChangeRefusesOnlyAfterALostRace_GetsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var records = new RuntimeRecords(_store);
        var initial = await records.UpsertAsync(_game, _ => RuntimeRecord.NewStarting(_game, "* * * * *", T0), ct);
        _store.Overwrite(initial.TransitionTo(RuntimeStatus.Stopped, T0)); // behind the cache's back

        var results = await records.UpdateManyAsync([(_game, r => r.TransitionTo(RuntimeStatus.Running, T0))], ct);

        results[0].ShouldBeNull("the retry on the fresh record is an invalid transition");
        (await _store.GetAsync(_game, ct))!.Status.ShouldBe(RuntimeStatus.Stopped);
    }
}
