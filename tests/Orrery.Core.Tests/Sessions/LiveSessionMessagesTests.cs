using Orrery.Cluster;
using Orrery.Core.Tests.Fakes;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

public sealed class LiveSessionMessagesTests
{
    private static readonly DateTimeOffset TokenExpiry = LiveRig.Start.AddHours(1);

    [Fact]
    public async Task AttachAsync_NewClient_GetsAWelcomeWithTheGameAndItself()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var alice = RecordingSubscriber.Player(LiveRig.Alice, TokenExpiry);

        var attachment = await rig.AttachAsync(game, alice);

        alice.Types.ShouldBe([LiveMessageTypes.Welcome]);
        var welcome = alice.Last(LiveMessageTypes.Welcome);
        welcome.GetProperty("seq").GetInt64().ShouldBe(1); // after the presence message her arrival made
        welcome.GetProperty("session").GetString().ShouldBe(attachment.SessionId);
        welcome.GetProperty("gameId").GetGuid().ShouldBe(game);
        welcome.GetProperty("you").GetProperty("userId").GetGuid().ShouldBe(LiveRig.Alice);
        welcome.GetProperty("you").GetProperty("spectator").GetBoolean().ShouldBeFalse();
        welcome.GetProperty("status").GetProperty("runtimeStatus").GetString().ShouldBe("running");
        welcome.GetProperty("status").GetProperty("currentTurn").GetInt32().ShouldBe(1);
        welcome.GetProperty("standings").GetArrayLength().ShouldBe(2);
        welcome.GetProperty("standings")[0].GetProperty("maxPopulation").GetInt64().ShouldBe(100);
        var players = welcome.GetProperty("presence").GetProperty("players");
        players.GetArrayLength().ShouldBe(1);
        players[0].GetProperty("raceName").GetString().ShouldBe("Andorians");
    }

    [Fact]
    public async Task Presence_MembersAndSpectators_MessagesOnlyWhenPresenceChanges()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, watcher);

        var first = await rig.AttachAsync(game, RecordingSubscriber.Player(LiveRig.Alice, TokenExpiry)); // Alice arrives: presence
        await rig.AttachAsync(game, RecordingSubscriber.Player(LiveRig.Alice, TokenExpiry));             // her second tab: none
        await rig.AttachAsync(game, RecordingSubscriber.Spectator());                                     // one more spectator: presence
        var presence = rig.Sessions.Presence(game);
        await first.DisposeAsync();                                                                        // one tab left: none

        watcher.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.Presence, LiveMessageTypes.Presence]);
        presence.Connections.ShouldBe(4);
        presence.Spectators.ShouldBe(2);
        presence.Players.ShouldBe([new LivePlayerPresence(LiveRig.Alice, "Andorians", 2)]);
        rig.Sessions.Presence(game).Connections.ShouldBe(3);
        var unknown = Guid.NewGuid();
        rig.Sessions.Presence(unknown).ShouldBe(LivePresence.None(unknown));
    }

    [Fact]
    public async Task Changes_StatusTurnAndPresence_SeqHasNoGaps()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, watcher);

        await rig.SetPausedAsync(game, true);
        await rig.AttachAsync(game, RecordingSubscriber.Player(LiveRig.Bob, TokenExpiry));
        await rig.SetPausedAsync(game, false);
        await RecordTurnAsync(rig, game, 2, RuntimeStatus.Running);
        await rig.FlushAsync();

        watcher.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.Status, LiveMessageTypes.Presence, LiveMessageTypes.Status, LiveMessageTypes.TurnResult]);
        watcher.Seqs.ShouldBe([1, 2, 3, 4, 5]); // the welcome carries seq 1, its own arrival's presence message
        var turn = watcher.Last(LiveMessageTypes.TurnResult);
        turn.GetProperty("turn").GetInt32().ShouldBe(2);
        turn.GetProperty("finished").GetBoolean().ShouldBeFalse();
        turn.GetProperty("standings")[0].GetProperty("planets").GetInt32().ShouldBe(5);
        watcher.Last(LiveMessageTypes.Status).GetProperty("paused").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Changes_TurnFromGeneration_TurnResultThenStatusRunning()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.Records.UpdateAsync(game, r => r with { Status = RuntimeStatus.GenerationInProgress }, LiveRig.Ct);
        await rig.AttachAsync(game, watcher);

        await RecordTurnAsync(rig, game, 2, RuntimeStatus.Running);
        await rig.FlushAsync();

        watcher.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.TurnResult, LiveMessageTypes.Status]);
        watcher.Last(LiveMessageTypes.Status).GetProperty("runtimeStatus").GetString().ShouldBe("running");
        watcher.Last(LiveMessageTypes.Status).GetProperty("currentTurn").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Changes_TurnRecordedWithoutASnapshot_ReportedByTheNextWrite()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, watcher);

        await rig.Records.UpdateAsync(game, r => r with { CurrentTurn = 2 }, LiveRig.Ct); // no snapshot follows
        await rig.Records.UpdateAsync(game, r => r.TransitionTo(RuntimeStatus.Stopped, rig.Time.GetUtcNow()), LiveRig.Ct);
        await rig.FlushAsync();

        watcher.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.TurnResult, LiveMessageTypes.Finished]);
        watcher.Last(LiveMessageTypes.TurnResult).GetProperty("turn").GetInt32().ShouldBe(2);
        watcher.Last(LiveMessageTypes.TurnResult).GetProperty("standings").GetArrayLength().ShouldBe(2); // the standings held
        watcher.ClosedWith.ShouldBe(LiveCloseCode.Ended);
    }

    [Fact]
    public async Task AttachAsync_ResumeWithinTheBacklog_GetsOnlyWhatItMissed()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var first = await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        await rig.SetPausedAsync(game, true);  // seq 2, after the first arrival's presence
        await rig.SetPausedAsync(game, false); // seq 3
        await rig.SetPausedAsync(game, true);  // seq 4
        await rig.FlushAsync();
        var resumed = RecordingSubscriber.Spectator();

        await rig.AttachAsync(game, resumed, new LiveResume(first.SessionId, 2));

        resumed.Types.ShouldBe([LiveMessageTypes.Status, LiveMessageTypes.Status, LiveMessageTypes.Presence]); // 3, 4 and its own arrival
        resumed.Seqs.ShouldBe([3, 4, 5]);
    }

    [Fact]
    public async Task AttachAsync_ResumeOlderThanTheBacklog_GetsAWelcome()
    {
        await using var rig = new LiveRig(o => o.Backlog = 2);
        var game = await rig.GameAsync();
        var first = await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        for (var i = 0; i < 4; i++)
        {
            await rig.SetPausedAsync(game, i % 2 == 0);
        }
        await rig.FlushAsync();
        var resumed = RecordingSubscriber.Spectator();

        await rig.AttachAsync(game, resumed, new LiveResume(first.SessionId, 2)); // the backlog holds 5 and its own arrival's 6 only

        resumed.Types.ShouldBe([LiveMessageTypes.Welcome]);
        resumed.Seqs.ShouldBe([6]);
    }

    [Fact]
    public async Task AttachAsync_ResumeOfAnotherIncarnation_GetsAWelcome()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        var resumed = RecordingSubscriber.Spectator();

        await rig.AttachAsync(game, resumed, new LiveResume("an-earlier-incarnation", 0));

        resumed.Types.ShouldBe([LiveMessageTypes.Welcome]);
    }

    [Fact]
    public async Task Broadcast_ASubscriberThatCannotTakeIt_ClosedFellBehindAndOthersStillGetIt()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var slow = RecordingSubscriber.Spectator(room: 2); // takes its welcome and the next arrival's presence, nothing more
        var fast = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, slow);
        await rig.AttachAsync(game, fast);

        await rig.SetPausedAsync(game, true);
        await rig.FlushAsync();

        slow.ClosedWith.ShouldBe(LiveCloseCode.FellBehind);
        fast.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.Status, LiveMessageTypes.Presence]); // and the slow one's leaving
        fast.Last(LiveMessageTypes.Presence).GetProperty("spectators").GetInt32().ShouldBe(1);
        rig.Sessions.Presence(game).Connections.ShouldBe(1);
    }

    [Theory]
    [InlineData(RuntimeStatus.Stopped, "stopped")]
    [InlineData(RuntimeStatus.Removed, "removed")]
    public async Task RecordChanged_GameStoppedOrRemoved_FinishedThenClosedAndSessionStopped(RuntimeStatus status, string reason)
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var alice = RecordingSubscriber.Player(LiveRig.Alice, TokenExpiry);
        await rig.AttachAsync(game, alice);

        await rig.Records.UpdateAsync(game, r => r.TransitionTo(status, rig.Time.GetUtcNow()), LiveRig.Ct);
        await rig.FlushAsync();

        alice.Types[^1].ShouldBe(LiveMessageTypes.Finished);
        alice.Last(LiveMessageTypes.Finished).GetProperty("reason").GetString().ShouldBe(reason);
        alice.ClosedWith.ShouldBe(LiveCloseCode.Ended);
        rig.Sessions.Presence(game).Running.ShouldBeFalse();
    }

    [Fact]
    public async Task SnapshotRecorded_LastTurn_TurnResultThenFinished()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var alice = RecordingSubscriber.Player(LiveRig.Alice, TokenExpiry);
        await rig.AttachAsync(game, alice);

        await RecordTurnAsync(rig, game, 2, RuntimeStatus.Finished);
        await rig.FlushAsync();

        alice.Types.ShouldBe([LiveMessageTypes.Welcome, LiveMessageTypes.TurnResult, LiveMessageTypes.Finished]);
        alice.Last(LiveMessageTypes.TurnResult).GetProperty("finished").GetBoolean().ShouldBeTrue();
        var finished = alice.Last(LiveMessageTypes.Finished);
        finished.GetProperty("reason").GetString().ShouldBe("finished");
        finished.GetProperty("turn").GetInt32().ShouldBe(2);
        alice.ClosedWith.ShouldBe(LiveCloseCode.Ended);
    }

    [Fact]
    public async Task Deleted_ClientsGetFinishedDeletedAndTheSessionStops()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, watcher);

        rig.Changes.Deleted(game);
        await rig.FlushAsync();
        await rig.FlushAsync();

        watcher.Last(LiveMessageTypes.Finished).GetProperty("reason").GetString().ShouldBe("deleted");
        watcher.ClosedWith.ShouldBe(LiveCloseCode.Ended);
        rig.Sessions.Pools().ShouldBeEmpty();
        rig.PoolStore.Pools.ShouldBeEmpty();
    }

    [Fact]
    public async Task TickAsync_Cleanup_DropsClosedAndExpiredConnections()
    {
        await using var rig = new LiveRig(o => o.CleanupInterval = TimeSpan.FromMinutes(5));
        var game = await rig.GameAsync();
        var gone = RecordingSubscriber.Spectator();
        var expiring = RecordingSubscriber.Player(LiveRig.Alice, LiveRig.Start.AddMinutes(3));
        var staying = RecordingSubscriber.Player(LiveRig.Bob, TokenExpiry);
        await rig.AttachAsync(game, gone);
        await rig.AttachAsync(game, expiring);
        await rig.AttachAsync(game, staying);
        gone.IsOpen = false;

        rig.Time.Advance(TimeSpan.FromMinutes(5));
        await rig.FlushAsync();

        expiring.ClosedWith.ShouldBe(LiveCloseCode.ProtocolViolation);
        staying.ClosedWith.ShouldBeNull();
        rig.Sessions.Presence(game).ShouldBe(new LivePresence(game, true, 1, [new LivePlayerPresence(LiveRig.Bob, "Cygnans", 1)], 0), new PresenceComparer());
    }

    [Fact]
    public async Task ReleasedAsync_ShardOfTheGame_StopsItsSessionAndClosesWithSessionMoved()
    {
        var shards = new GameShards(4);
        var owned = new OwnedShards(shards, new OrreryMetrics(new TestMeterFactory()));
        foreach (var shard in shards.All)
        {
            owned.Hold(new OwnerFence(shard, 1));
        }
        await using var rig = new LiveRig(ownership: owned);
        var game = await rig.GameAsync();
        var watcher = RecordingSubscriber.Spectator();
        await rig.AttachAsync(game, watcher);

        owned.TryDrop(shards.ShardOf(game), out _);
        await rig.Sessions.ReleasedAsync(new ShardSet(shards, [shards.ShardOf(game)]), LiveRig.Ct);

        watcher.ClosedWith.ShouldBe(LiveCloseCode.SessionMoved);
        rig.Sessions.Presence(game).Running.ShouldBeFalse();
        (await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(game, RecordingSubscriber.Spectator()))).Code.ShouldBe(ErrorCodes.NotOwner);
    }

    [Fact]
    public async Task ReleasedAsync_WhileItStopsTheSessions_NoNewSessionOfTheShardStarts()
    {
        var shards = new GameShards(2);
        var owned = new OwnedShards(shards, new OrreryMetrics(new TestMeterFactory()));
        owned.Hold(new OwnerFence(0, 1));
        owned.Hold(new OwnerFence(1, 1));
        await using var rig = new LiveRig(ownership: owned);
        var game = await rig.GameAsync();
        var sameShard = await rig.GameAsync();
        while (shards.ShardOf(sameShard) != shards.ShardOf(game))
        {
            sameShard = await rig.GameAsync();
        }
        await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        rig.Games.Gate = new TaskCompletionSource(); // the pool's loop waits on a start: the release's stop queues behind it
        var blocker = await rig.GameAsync();
        while (shards.ShardOf(blocker) == shards.ShardOf(game))
        {
            blocker = await rig.GameAsync(); // not given up: its start and attach go through
        }
        var blocked = rig.AttachAsync(blocker, RecordingSubscriber.Spectator());

        var release = rig.Sessions.ReleasedAsync(new ShardSet(shards, [shards.ShardOf(game)]), LiveRig.Ct);
        var refused = await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(sameShard, RecordingSubscriber.Spectator()));
        rig.Games.Gate.SetResult();
        await release;
        await blocked;

        refused.Code.ShouldBe(ErrorCodes.NotOwner);
        rig.Sessions.Presence(game).Running.ShouldBeFalse();
    }

    /// <summary>A turn recorded as <c>SnapshotPublisher</c> records it: the record written (turn and status), then the snapshot raised.</summary>
    private static async Task RecordTurnAsync(LiveRig rig, Guid game, int turn, RuntimeStatus status)
    {
        var now = rig.Time.GetUtcNow();
        var record = await rig.Records.UpdateAsync(game, r => r with { Status = status, StatusChangedAt = now, CurrentTurn = turn }, LiveRig.Ct);
        rig.Changes.SnapshotRecorded(record, [new PlayerTurnStats(LiveRig.Alice, "Andorians", 5, 150, 5, 150), new PlayerTurnStats(LiveRig.Bob, "Cygnans", 1, 60, 2, 90)]);
    }

    private sealed class PresenceComparer : IEqualityComparer<LivePresence>
    {
        public bool Equals(LivePresence? x, LivePresence? y) =>
            x is not null && y is not null && x.GameId == y.GameId && x.Running == y.Running && x.Connections == y.Connections
            && x.Spectators == y.Spectators && x.Players.SequenceEqual(y.Players);

        public int GetHashCode(LivePresence obj) => obj.GameId.GetHashCode();
    }
}
