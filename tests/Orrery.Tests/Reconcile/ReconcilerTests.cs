using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Reconcile;
using Orrery.Runtime;
using Orrery.Snapshots;
using Orrery.Storage;
using Orrery.Tests.Support;

namespace Orrery.Tests.Reconcile;

/// <summary>Reconcile passes over a real SQLite store and scripted engines (SPEC §7).</summary>
public sealed class ReconcilerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Running_game_with_its_engine_is_refreshed_with_a_snapshot()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.GameOf(gameId).Turn = 4;
        var snapshotsBefore = await SnapshotCountAsync(gameId);

        var report = await Reconciler().RunPassAsync(None);

        report.Refreshed.ShouldBe([gameId]);
        report.ShouldSatisfyAllConditions(
            r => r.Records.ShouldBe(1), r => r.Engines.ShouldBe(1),
            r => r.Adopted.ShouldBeEmpty(), r => r.Removed.ShouldBeEmpty(), r => r.Errors.ShouldBeEmpty());
        (await _rig.RecordAsync(gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.Running),
            r => r.CurrentTurn.ShouldBe(4),
            r => r.EngineHealth.ShouldBe(EngineHealthSummaries.Healthy));
        (await SnapshotCountAsync(gameId)).ShouldBe(snapshotsBefore + 1);
        (await _rig.LobbyEventsAsync()).Last().ShouldSatisfyAllConditions(
            e => e["event_type"].ShouldBe("runtime_snapshot_update"),
            e => e["current_turn"].ShouldBe("4"));
    }

    [Fact]
    public async Task Idle_game_seen_again_only_moves_its_last_observed_at()
    {
        var gameId = await _rig.StartGameAsync();
        var before = await _rig.RecordAsync(gameId);
        var snapshotsBefore = await SnapshotCountAsync(gameId);
        var eventsBefore = (await _rig.LobbyEventsAsync()).Count;
        _rig.Clock.Advance(TimeSpan.FromSeconds(60));

        var report = await Reconciler().RunPassAsync(None);

        report.Refreshed.ShouldBe([gameId]);
        (await _rig.RecordAsync(gameId)).ShouldBe(before with
        {
            LastObservedAt = _rig.Clock.GetUtcNow(),
            UpdatedAt = _rig.Clock.GetUtcNow(),
            Version = before.Version + 1,
        });
        (await SnapshotCountAsync(gameId)).ShouldBe(snapshotsBefore, "the engine told nothing new: no snapshot row");
        (await _rig.LobbyEventsAsync()).Count.ShouldBe(eventsBefore, "nor a lobby update");
    }

    [Fact]
    public async Task Game_whose_health_was_marked_down_gets_a_snapshot_at_the_same_turn()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(gameId, r => r with { EngineHealth = EngineHealthSummaries.ProbeFailed }, None);
        var snapshotsBefore = await SnapshotCountAsync(gameId);

        (await Reconciler().RunPassAsync(None)).Refreshed.ShouldBe([gameId]);

        (await _rig.RecordAsync(gameId)).EngineHealth.ShouldBe(EngineHealthSummaries.Healthy);
        (await SnapshotCountAsync(gameId)).ShouldBe(snapshotsBefore + 1);
        (await _rig.LobbyEventsAsync()).Last().ShouldSatisfyAllConditions(
            e => e["event_type"].ShouldBe("runtime_snapshot_update"),
            e => e["engine_health_summary"].ShouldBe(EngineHealthSummaries.Healthy));
    }

    [Fact]
    public async Task Refresh_older_than_the_record_is_skipped_and_never_moves_the_turn_back()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.GameOf(gameId).Turn = 4;
        // As when a turn is recorded between the engine's status answer and the pass's write.
        await _rig.Records.UpdateAsync(gameId, r => r with { CurrentTurn = 5 }, None);

        var report = await Reconciler().RunPassAsync(None);

        report.ShouldSatisfyAllConditions(r => r.Skipped.ShouldBe([gameId]), r => r.Refreshed.ShouldBeEmpty(), r => r.Errors.ShouldBeEmpty());
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(5);
    }

    [Fact]
    public async Task Refreshes_of_many_games_are_all_recorded_and_one_games_failed_write_is_that_games_error()
    {
        var games = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            games.Add(await _rig.StartGameAsync());
            _rig.Engines.GameOf(games[^1]).Turn = 10 + i;
        }
        var broken = games[5];
        var brokenTurn = (await _rig.RecordAsync(broken)).CurrentTurn;
        var publisher = ActivatorUtilities.CreateInstance<SnapshotPublisher>(
            _rig.Services, new FailingSnapshotStore(_rig.Get<IHealthSnapshotStore>(), broken));
        var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(_rig.Services, publisher, Options.Create(new ReconcileOptions()));

        var report = await reconciler.RunPassAsync(None);

        report.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.GameId.ShouldBe(broken),
            e => e.Message.ShouldBe("disk full"));
        report.Refreshed.ShouldBe(games.Where(g => g != broken).Order());
        var updates = (await _rig.LobbyEventsAsync()).Where(e => e["event_type"] == "runtime_snapshot_update").ToList();
        for (var i = 0; i < games.Count; i++)
        {
            var expected = games[i] == broken ? brokenTurn : 10 + i;
            (await _rig.RecordAsync(games[i])).CurrentTurn.ShouldBe(expected);
            updates.Count(e => e["game_id"] == games[i].ToString() && e["current_turn"] == $"{10 + i}").ShouldBe(games[i] == broken ? 0 : 1);
        }
    }

    [Fact]
    public async Task Engine_that_does_not_answer_its_status_makes_the_game_engine_unreachable()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.StatusFault = _ => new EngineCallException("status answered 503", 503);

        var report = await Reconciler().RunPassAsync(None);

        report.Unreachable.ShouldBe([gameId]);
        (await _rig.RecordAsync(gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.EngineUnreachable),
            r => r.EngineHealth.ShouldBe(EngineHealthSummaries.Unreachable));
    }

    [Fact]
    public async Task Missing_engine_is_marked_removed_only_on_the_second_pass_in_a_row()
    {
        var gameId = await _rig.StartGameAsync();
        var engine = _rig.Engines.EngineOf(gameId);
        await _rig.Engines.RemoveAsync(engine.Id, None);
        var reconciler = Reconciler();

        var first = await reconciler.RunPassAsync(None);

        first.Missing.ShouldBe([gameId]);
        first.Removed.ShouldBeEmpty();
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);
        (await _rig.LobbyEventsAsync()).ShouldNotContain(e => e["event_type"] == "runtime_job_result");

        var second = await reconciler.RunPassAsync(None);

        second.Removed.ShouldBe([gameId]);
        second.Missing.ShouldBeEmpty();
        (await _rig.RecordAsync(gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.Removed),
            r => r.EngineEndpoint.ShouldBeNull());
        _rig.Scheduler.Count.ShouldBe(0);
        (await _rig.LobbyEventsAsync()).Last().ShouldSatisfyAllConditions(
            e => e["event_type"].ShouldBe("runtime_job_result"),
            e => e["game_id"].ShouldBe(gameId.ToString()),
            e => e["op"].ShouldBe("reconcile"),
            e => e["status"].ShouldBe("removed"));

        (await reconciler.RunPassAsync(None)).ShouldSatisfyAllConditions(
            r => r.Removed.ShouldBeEmpty(), r => r.Missing.ShouldBeEmpty()); // removed is terminal: no engine expected
    }

    [Fact]
    public async Task An_exited_engine_counts_as_missing()
    {
        var gameId = await _rig.StartGameAsync();
        _rig.Engines.EngineOf(gameId).Running = false; // killed by hand: the host still lists it
        var reconciler = Reconciler();

        (await reconciler.RunPassAsync(None)).Missing.ShouldBe([gameId]);
        (await reconciler.RunPassAsync(None)).Removed.ShouldBe([gameId]);
    }

    [Fact]
    public async Task One_missed_listing_does_not_count_towards_removal()
    {
        var gameId = await _rig.StartGameAsync();
        var engine = _rig.Engines.EngineOf(gameId);
        var reconciler = Reconciler();

        engine.Running = false;
        (await reconciler.RunPassAsync(None)).Missing.ShouldBe([gameId]);
        engine.Running = true;
        (await reconciler.RunPassAsync(None)).Refreshed.ShouldBe([gameId]);
        engine.Running = false;
        var third = await reconciler.RunPassAsync(None);

        third.Missing.ShouldBe([gameId]);
        third.Removed.ShouldBeEmpty();
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);
    }

    [Fact]
    public async Task Engine_of_a_game_recorded_stopped_is_adopted_as_running_and_scheduled()
    {
        var gameId = await _rig.StartGameAsync();
        // As after a crash between launching an engine and recording it: the record says stopped.
        await _rig.Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.Stopped, _rig.Clock.GetUtcNow()) with { NextTurnAt = null }, None);
        await _rig.Scheduler.SuspendAsync(gameId);
        _rig.Scheduler.Count.ShouldBe(0);
        _rig.Engines.GameOf(gameId).Turn = 7;

        var report = await Reconciler().RunPassAsync(None);

        report.Adopted.ShouldBe([gameId]);
        var record = await _rig.RecordAsync(gameId);
        record.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.Running),
            r => r.EngineId.ShouldBe(_rig.Engines.EngineOf(gameId).Id),
            r => r.CurrentTurn.ShouldBe(7),
            r => r.StoppedAt.ShouldBeNull(),
            r => r.NextTurnAt.ShouldNotBeNull());
        _rig.Scheduler.Count.ShouldBe(1);

        // Scheduled for real: its next slot plays a turn.
        await _rig.TickAtAsync(record.NextTurnAt!.Value);
        (await _rig.RecordAsync(gameId)).CurrentTurn.ShouldBe(8);
    }

    [Fact]
    public async Task Engine_of_a_stopped_game_is_taken_down_after_two_passes_and_never_adopted()
    {
        var gameId = await _rig.StartGameAsync();
        await StopAsync(gameId);
        var stopped = await _rig.RecordAsync(gameId);
        var stray = await LaunchByHandAsync(gameId);
        var reconciler = Reconciler();

        var first = await reconciler.RunPassAsync(None);

        first.ShouldSatisfyAllConditions(r => r.Strays.ShouldBe([gameId]), r => r.Adopted.ShouldBeEmpty(), r => r.StraysRemoved.ShouldBeEmpty());
        _rig.Engines.Running.ShouldContain(stray, "one sighting is not enough: a start may be bringing it up");
        (await _rig.RecordAsync(gameId)).ShouldBe(stopped);
        _rig.Scheduler.Count.ShouldBe(0);

        var second = await reconciler.RunPassAsync(None);

        second.ShouldSatisfyAllConditions(r => r.StraysRemoved.ShouldBe([gameId]), r => r.Strays.ShouldBeEmpty(), r => r.Adopted.ShouldBeEmpty());
        _rig.Engines.Engines.ShouldNotContain(stray);
        (await _rig.RecordAsync(gameId)).ShouldBe(stopped, "taking a stray down writes no status");
        _rig.Scheduler.Count.ShouldBe(0);
        (await NewestOperationAsync(gameId)).ShouldSatisfyAllConditions(
            o => o.Kind.ShouldBe(OperationKind.Reconcile),
            o => o.Source.ShouldBe(OperationSource.System),
            o => o.Status.ShouldBe(OperationStatus.Succeeded),
            o => o.EngineId.ShouldBe(stray.Id));
        (await _rig.LobbyEventsAsync()).Last().ShouldSatisfyAllConditions(
            e => e["event_type"].ShouldBe("runtime_job_result"),
            e => e["game_id"].ShouldBe(gameId.ToString()),
            e => e["op"].ShouldBe("reconcile"),
            e => e["status"].ShouldBe("stopped"));

        (await reconciler.RunPassAsync(None)).ShouldSatisfyAllConditions(
            r => r.Strays.ShouldBeEmpty(), r => r.StraysRemoved.ShouldBeEmpty(), r => r.Adopted.ShouldBeEmpty());
    }

    [Fact]
    public async Task Engine_of_a_removed_game_is_taken_down_not_adopted()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Engines.RemoveAsync(_rig.Engines.EngineOf(gameId).Id, None);
        var reconciler = Reconciler();
        await reconciler.RunPassAsync(None);
        (await reconciler.RunPassAsync(None)).Removed.ShouldBe([gameId]);
        var stray = await LaunchByHandAsync(gameId);

        (await reconciler.RunPassAsync(None)).Strays.ShouldBe([gameId]);
        (await reconciler.RunPassAsync(None)).StraysRemoved.ShouldBe([gameId]);

        _rig.Engines.Engines.ShouldNotContain(stray);
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Removed);
        (await _rig.LobbyEventsAsync()).Last()["status"].ShouldBe("removed");
    }

    [Fact]
    public async Task A_stray_seen_once_and_then_replaced_by_another_is_not_taken_down_on_one_sighting()
    {
        var gameId = await _rig.StartGameAsync();
        await StopAsync(gameId);
        var first = await LaunchByHandAsync(gameId);
        var reconciler = Reconciler();
        (await reconciler.RunPassAsync(None)).Strays.ShouldBe([gameId]);
        await _rig.Engines.RemoveAsync(first.Id, None);
        var second = await LaunchByHandAsync(gameId);

        (await reconciler.RunPassAsync(None)).ShouldSatisfyAllConditions(r => r.Strays.ShouldBe([gameId]), r => r.StraysRemoved.ShouldBeEmpty());
        _rig.Engines.Running.ShouldContain(second);
    }

    [Fact]
    public async Task Engine_of_a_stopped_game_whose_restart_was_interrupted_is_adopted()
    {
        // The operator's last word was a restart: its stop half ran, then the node stopped before the launch was recorded.
        var gameId = await _rig.StartGameAsync();
        await StopAsync(gameId);
        var now = _rig.Clock.GetUtcNow();
        await _rig.Get<IOperationStore>().InsertAsync(new Operation
        {
            Id = Guid.NewGuid(), GameId = gameId, Kind = OperationKind.Restart, Source = OperationSource.Admin,
            Status = OperationStatus.Failed, ErrorCode = "interrupted", ErrorMessage = "The node stopped", CreatedAt = now.AddSeconds(1),
            StartedAt = now.AddSeconds(1), FinishedAt = now.AddSeconds(2),
        }, None);
        var engine = await LaunchByHandAsync(gameId);

        var report = await Reconciler().RunPassAsync(None);

        report.ShouldSatisfyAllConditions(r => r.Adopted.ShouldBe([gameId]), r => r.Strays.ShouldBeEmpty());
        (await _rig.RecordAsync(gameId)).ShouldSatisfyAllConditions(r => r.Status.ShouldBe(RuntimeStatus.Running), r => r.EngineId.ShouldBe(engine.Id));
    }

    [Fact]
    public async Task Removal_of_a_game_whose_engine_went_missing_is_an_operation_of_the_system()
    {
        var gameId = await _rig.StartGameAsync();
        var engine = _rig.Engines.EngineOf(gameId);
        await _rig.Engines.RemoveAsync(engine.Id, None);
        var reconciler = Reconciler();

        await reconciler.RunPassAsync(None);
        (await NewestOperationAsync(gameId)).Kind.ShouldBe(OperationKind.Start, "a first miss changes nothing");
        await reconciler.RunPassAsync(None);

        (await NewestOperationAsync(gameId)).ShouldSatisfyAllConditions(
            o => o.Kind.ShouldBe(OperationKind.Reconcile),
            o => o.Source.ShouldBe(OperationSource.System),
            o => o.Status.ShouldBe(OperationStatus.Succeeded),
            o => o.EngineId.ShouldBe(engine.Id),
            o => o.FinishedAt.ShouldBe(_rig.Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(RuntimeStatus.EngineUnreachable)]
    [InlineData(RuntimeStatus.Starting)]
    public async Task Engine_of_a_game_whose_record_is_not_running_is_adopted(RuntimeStatus status)
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Records.UpdateAsync(gameId, r => r with { Status = status }, None);

        (await Reconciler().RunPassAsync(None)).Adopted.ShouldBe([gameId]);
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);
    }

    [Fact]
    public async Task Engine_of_a_known_game_without_a_record_is_adopted()
    {
        var gameId = await RegisterGameAsync();
        var engine = await LaunchByHandAsync(gameId);

        var report = await Reconciler().RunPassAsync(None);

        report.Adopted.ShouldBe([gameId]);
        (await _rig.RecordAsync(gameId)).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RuntimeStatus.Running),
            r => r.EngineId.ShouldBe(engine.Id),
            r => r.EngineEndpoint.ShouldBe(engine.Endpoint.ToString()));
        _rig.Scheduler.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Orphan_engine_is_reported_and_left_running_by_default()
    {
        var orphan = await LaunchByHandAsync(Guid.NewGuid());

        var report = await Reconciler().RunPassAsync(None);

        report.Orphans.ShouldBe([new OrphanEngine(orphan.Id, orphan.Spec.GameId, Removed: false)]);
        _rig.Engines.Running.ShouldContain(orphan);
    }

    [Fact]
    public async Task Orphan_engine_is_removed_when_RemoveOrphans_is_set()
    {
        var orphan = await LaunchByHandAsync(Guid.NewGuid());

        var report = await Reconciler(new ReconcileOptions { RemoveOrphans = true }).RunPassAsync(None);

        report.Orphans.ShouldBe([new OrphanEngine(orphan.Id, orphan.Spec.GameId, Removed: true)]);
        _rig.Engines.Engines.ShouldNotContain(orphan);
    }

    [Fact]
    public async Task Another_stacks_engines_are_never_touched()
    {
        var orphan = await LaunchByHandAsync(Guid.NewGuid());
        orphan.Stack = "green";
        var gameId = await _rig.StartGameAsync();
        var engine = _rig.Engines.EngineOf(gameId);
        engine.Stack = "green"; // the game's only engine belongs to another deployment
        var reconciler = Reconciler(new ReconcileOptions { RemoveOrphans = true, Stack = "blue" });

        var first = await reconciler.RunPassAsync(None);
        var second = await reconciler.RunPassAsync(None);

        first.Orphans.ShouldBeEmpty();
        first.Missing.ShouldBe([gameId]);
        second.Removed.ShouldBe([gameId]);
        _rig.Engines.Running.ShouldContain(orphan);
        _rig.Engines.Running.ShouldContain(engine);
    }

    [Fact]
    public async Task Game_with_a_pending_operation_is_skipped()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Engines.RemoveAsync(_rig.Engines.EngineOf(gameId).Id, None);
        await _rig.Get<LifecycleService>().StopAsync(gameId, OperationSource.Lobby, null, None); // queued, not run
        var reconciler = Reconciler();

        (await reconciler.RunPassAsync(None)).Skipped.ShouldBe([gameId]);
        (await reconciler.RunPassAsync(None)).ShouldSatisfyAllConditions(
            r => r.Skipped.ShouldBe([gameId]), r => r.Removed.ShouldBeEmpty());
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);

        (await _rig.RunQueuedAsync()).Status.ShouldBe(OperationStatus.Succeeded);
        (await reconciler.RunPassAsync(None)).ShouldSatisfyAllConditions(
            r => r.Skipped.ShouldBeEmpty(), r => r.Missing.ShouldBeEmpty()); // stopped: nothing expected
    }

    [Fact]
    public async Task One_games_error_is_reported_and_the_pass_goes_on()
    {
        var broken = await _rig.StartGameAsync();
        var healthy = await _rig.StartGameAsync();
        _rig.Engines.StatusFault = e => e.Spec.GameId == broken ? new InvalidOperationException("engine client bug") : null;

        var report = await Reconciler().RunPassAsync(None);

        report.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.GameId.ShouldBe(broken),
            e => e.Message.ShouldBe("engine client bug"));
        report.Refreshed.ShouldBe([healthy]);
    }

    [Fact]
    public async Task A_failed_listing_fails_the_pass_and_is_not_a_miss()
    {
        var gameId = await _rig.StartGameAsync();
        var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(
            _rig.Services, new FailingListHost(_rig.Engines), Options.Create(new ReconcileOptions()));

        await Should.ThrowAsync<IOException>(() => reconciler.RunPassAsync(None));
        await Should.ThrowAsync<IOException>(() => reconciler.RunPassAsync(None));

        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Running);
    }

    [Fact]
    public async Task The_loop_passes_at_start_up_and_then_every_interval()
    {
        var gameId = await _rig.StartGameAsync();
        await _rig.Engines.RemoveAsync(_rig.Engines.EngineOf(gameId).Id, None);
        var options = Options.Create(new ReconcileOptions { Interval = TimeSpan.FromMilliseconds(100) });
        using var loop = new ReconcileLoop(Reconciler(), TimeProvider.System, options, NullLogger<ReconcileLoop>.Instance);

        await loop.StartAsync(None);
        try
        {
            // A readiness wait for background passes, not a timing assertion: removal needs the start-up pass and one more.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while ((await _rig.RecordAsync(gameId)).Status != RuntimeStatus.Removed)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
        finally
        {
            await loop.StopAsync(None);
        }
        (await _rig.LobbyEventsAsync()).Count(e => e["event_type"] == "runtime_job_result").ShouldBe(1);
    }

    /// <summary>Runs a stop operation to its end, as the lobby would.</summary>
    private async Task StopAsync(Guid gameId)
    {
        await _rig.Get<LifecycleService>().StopAsync(gameId, OperationSource.Lobby, null, None);
        (await _rig.RunQueuedAsync()).Status.ShouldBe(OperationStatus.Succeeded);
        (await _rig.RecordAsync(gameId)).Status.ShouldBe(RuntimeStatus.Stopped);
    }

    private async Task<Operation> NewestOperationAsync(Guid gameId) =>
        (await _rig.Get<IOperationStore>().ListAsync(gameId, PageRequest.Create(1, 1), None)).Items[0];

    private Reconciler Reconciler(ReconcileOptions? options = null) =>
        ActivatorUtilities.CreateInstance<Reconciler>(_rig.Services, Options.Create(options ?? new ReconcileOptions()));

    private async Task<Guid> RegisterGameAsync()
    {
        var gameId = Guid.NewGuid();
        var members = new List<MembershipRegistration> { new(Guid.NewGuid(), "Andorians") };
        await _rig.Get<GameRegistry>().RegisterAsync(gameId, new GameRegistration("1.0.0", "*/10 * * * * *", members), None);
        return gameId;
    }

    /// <summary>An initialised engine of <paramref name="gameId"/> that Orrery never recorded.</summary>
    private async Task<ScriptedEngine> LaunchByHandAsync(Guid gameId)
    {
        var instance = await _rig.Engines.RunAsync(new EngineRunSpec(gameId, "1.0.0", "builtin:reference-engine", $"/tmp/by-hand/{gameId}"), None);
        await _rig.Engines.InitAsync(instance.Endpoint, new EngineInitRequest(gameId, [new EngineInitRace("Andorians", Guid.NewGuid())]), None);
        return _rig.Engines.Engines.Single(e => e.Id == instance.Id);
    }

    private async Task<int> SnapshotCountAsync(Guid gameId) =>
        (int)(await _rig.Get<IHealthSnapshotStore>().ListAsync(gameId, PageRequest.Create(1, 100), None)).Total;

    /// <summary>A snapshot store that refuses every write holding a snapshot of one game, as a disk that fails on its rows.</summary>
    private sealed class FailingSnapshotStore(IHealthSnapshotStore inner, Guid failing) : IHealthSnapshotStore
    {
        public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken) => InsertManyAsync([snapshot], cancellationToken);

        public Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken) =>
            snapshots.Any(s => s.GameId == failing) ? throw new IOException("disk full") : inner.InsertManyAsync(snapshots, cancellationToken);

        public Task DeleteManyAsync(IReadOnlyList<Guid> snapshotIds, CancellationToken cancellationToken) => inner.DeleteManyAsync(snapshotIds, cancellationToken);

        public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
            inner.ListAsync(gameId, page, cancellationToken);
    }

    /// <summary>A host whose listing fails, as a Docker daemon that does not answer.</summary>
    private sealed class FailingListHost(IEngineHost inner) : IEngineHost
    {
        public EngineHostInfo Info => inner.Info;
        public Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) => throw new IOException("daemon did not answer");
        public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken) => inner.RunAsync(spec, cancellationToken);
        public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken) => inner.StopAsync(engineId, grace, cancellationToken);
        public Task RemoveAsync(string engineId, CancellationToken cancellationToken) => inner.RemoveAsync(engineId, cancellationToken);
        public Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) => throw new IOException("daemon did not answer");
        public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) => inner.InspectAsync(engineId, cancellationToken);
    }
}
