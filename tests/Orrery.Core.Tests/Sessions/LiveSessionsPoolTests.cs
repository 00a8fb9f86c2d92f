using Orrery.Errors;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

public sealed class LiveSessionsPoolTests
{
    [Fact]
    public async Task AttachAsync_AllPoolsFull_StartsANewPool()
    {
        await using var rig = new LiveRig(o => o.PoolCapacity = 2);
        var games = new[] { await rig.GameAsync(), await rig.GameAsync(), await rig.GameAsync() };

        foreach (var game in games)
        {
            await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        }

        var pools = rig.Sessions.Pools();
        pools.Select(p => p.PoolId).ShouldBe(["pool-1", "pool-2"]);
        pools[0].Games.ShouldBe([games[0], games[1]], ignoreOrder: true);
        pools[1].Games.ShouldBe([games[2]]);
        pools.ShouldAllBe(p => p.Capacity == 2);
        rig.PoolStore.Pools.Select(p => p.Games.Count).ShouldBe([2, 1]);
    }

    [Fact]
    public async Task AttachAsync_ConcurrentFirstConnections_StartOneSession()
    {
        await using var rig = new LiveRig();
        var game = await rig.GameAsync();
        rig.Games.Gate = new TaskCompletionSource(); // every attach arrives while the first start is still loading

        var attaches = Enumerable.Range(0, 8).Select(_ => rig.AttachAsync(game, RecordingSubscriber.Spectator())).ToList();
        rig.Games.Gate.SetResult();
        var attachments = await Task.WhenAll(attaches);

        attachments.Select(a => a.SessionId).Distinct().Count().ShouldBe(1);
        rig.Sessions.Pools().ShouldHaveSingleItem().Games.ShouldBe([game]);
        rig.Sessions.Presence(game).Spectators.ShouldBe(8);
        rig.Logger.Count(8001).ShouldBe(1); // one start logged
    }

    [Fact]
    public async Task AttachAsync_UnknownGame_NotFoundAndNothingLeft()
    {
        await using var rig = new LiveRig();

        var error = await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(Guid.NewGuid(), RecordingSubscriber.Spectator()));

        error.Code.ShouldBe(ErrorCodes.NotFound);
        await rig.FlushAsync();
        rig.Sessions.Pools().ShouldBeEmpty();
        rig.PoolStore.Pools.ShouldBeEmpty();
    }

    [Fact]
    public async Task AttachAsync_PoolStateWriteFails_UndoesTheRegistryEntry()
    {
        await using var rig = new LiveRig();
        var running = await rig.GameAsync();
        await rig.AttachAsync(running, RecordingSubscriber.Spectator());
        var failing = await rig.GameAsync();
        rig.PoolStore.FailPoolSaveWith = failing;

        var error = await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(failing, RecordingSubscriber.Spectator()));

        error.Code.ShouldBe(ErrorCodes.SessionStartFailed);
        await AssertOnlyRunningAsync(rig, running, failing);
        rig.Logger.Entries.ShouldContain(e => e.EventId == 8003 && e.Message.Contains("rolled back [registry]"));
    }

    [Fact]
    public async Task AttachAsync_LoadFails_UndoesPoolStateAndRegistry()
    {
        await using var rig = new LiveRig();
        var running = await rig.GameAsync();
        await rig.AttachAsync(running, RecordingSubscriber.Spectator());
        var failing = await rig.GameAsync();
        rig.Games.FailReadOf = failing;

        var error = await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(failing, RecordingSubscriber.Spectator()));

        error.Code.ShouldBe(ErrorCodes.SessionStartFailed);
        await AssertOnlyRunningAsync(rig, running, failing);
        rig.Logger.Entries.ShouldContain(e => e.EventId == 8003 && e.Message.Contains("rolled back [pool_state, registry]"));
    }

    [Fact]
    public async Task AttachAsync_BackupWriteFails_UndoesCachePoolStateAndRegistry()
    {
        await using var rig = new LiveRig();
        var running = await rig.GameAsync();
        await rig.AttachAsync(running, RecordingSubscriber.Spectator());
        var failing = await rig.GameAsync();
        rig.PoolStore.FailBackupSaveOf = failing;

        var error = await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(failing, RecordingSubscriber.Spectator()));

        error.Code.ShouldBe(ErrorCodes.SessionStartFailed);
        await AssertOnlyRunningAsync(rig, running, failing);
        rig.Logger.Entries.ShouldContain(e => e.EventId == 8003 && e.Message.Contains("rolled back [cache, pool_state, registry]"));

        rig.PoolStore.FailBackupSaveOf = null; // nothing left behind blocks a later start
        var attachment = await rig.AttachAsync(failing, RecordingSubscriber.Spectator());
        rig.Sessions.Presence(failing).Running.ShouldBeTrue();
        attachment.SessionId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task AttachAsync_SlowStart_LoggedAndTheSessionRuns()
    {
        await using var rig = new LiveRig(o => o.SlowStartThreshold = TimeSpan.FromSeconds(5));
        var game = await rig.GameAsync();
        rig.Games.OnRead = () => rig.Time.Advance(TimeSpan.FromSeconds(6));

        await rig.AttachAsync(game, RecordingSubscriber.Spectator());

        rig.Logger.Count(8002).ShouldBe(1);
        rig.Sessions.Presence(game).Running.ShouldBeTrue();
    }

    [Fact]
    public async Task CrashPoolAsync_RestartsItsSessionsFromThePersistedState()
    {
        await using var rig = new LiveRig(o => o.FaultInjection = true);
        var games = new[] { await rig.GameAsync(), await rig.GameAsync() };
        var subscribers = games.Select(_ => RecordingSubscriber.Spectator()).ToList();
        var before = new List<string>();
        for (var i = 0; i < games.Length; i++)
        {
            before.Add((await rig.AttachAsync(games[i], subscribers[i])).SessionId);
        }

        await rig.Sessions.CrashPoolAsync("pool-1", LiveRig.Ct);

        subscribers.ShouldAllBe(s => s.ClosedWith == LiveCloseCode.SessionMoved);
        var pool = rig.Sessions.Pools().ShouldHaveSingleItem();
        pool.PoolId.ShouldBe("pool-1");
        pool.Restarts.ShouldBe(1);
        pool.Games.ShouldBe(games, ignoreOrder: true);
        rig.Logger.Count(8008).ShouldBe(1);
        var again = await rig.AttachAsync(games[0], RecordingSubscriber.Spectator(), new LiveResume(before[0], 1));
        again.SessionId.ShouldNotBe(before[0]); // a new incarnation
        rig.Sessions.Presence(games[1]).Running.ShouldBeTrue();
        rig.PoolStore.Pools.ShouldHaveSingleItem().Games.ShouldBe(games, ignoreOrder: true);
    }

    [Fact]
    public async Task CrashPoolAsync_RestartsWhatThePersistedStateLists_NotWhatThePoolHeld()
    {
        await using var rig = new LiveRig(o => o.FaultInjection = true);
        var kept = await rig.GameAsync();
        var dropped = await rig.GameAsync();
        await rig.AttachAsync(kept, RecordingSubscriber.Spectator());
        await rig.AttachAsync(dropped, RecordingSubscriber.Spectator());
        var row = rig.PoolStore.Pools.ShouldHaveSingleItem();
        await rig.PoolStore.SavePoolAsync(row with { Games = [kept] }, LiveRig.Ct); // the state as persisted is what counts

        await rig.Sessions.CrashPoolAsync("pool-1", LiveRig.Ct);

        rig.Sessions.Pools().ShouldHaveSingleItem().Games.ShouldBe([kept]);
        rig.Sessions.Presence(kept).Running.ShouldBeTrue();
        rig.Sessions.Presence(dropped).Running.ShouldBeFalse();
    }

    [Fact]
    public async Task CrashPoolAsync_WithoutFaultInjection_Forbidden()
    {
        await using var rig = new LiveRig();
        await rig.AttachAsync(await rig.GameAsync(), RecordingSubscriber.Spectator());

        (await Should.ThrowAsync<OrreryException>(() => rig.Sessions.CrashPoolAsync("pool-1", LiveRig.Ct))).Code.ShouldBe(ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task StopAsync_ClosesWithNodeStoppingAndDeletesEveryPoolState()
    {
        var rig = new LiveRig();
        var subscriber = RecordingSubscriber.Spectator();
        var game = await rig.GameAsync();
        await rig.AttachAsync(game, subscriber);
        rig.PoolStore.Pools.ShouldNotBeEmpty();
        // A pool that crashed and whose restart failed left its row behind.
        await rig.PoolStore.SavePoolAsync(new SessionPoolState(rig.Sessions.NodeId, "pool-9", [Guid.NewGuid()], LiveRig.Start), LiveRig.Ct);

        await rig.DisposeAsync();

        subscriber.ClosedWith.ShouldBe(LiveCloseCode.NodeStopping);
        rig.PoolStore.Pools.ShouldBeEmpty();
        rig.PoolStore.BackedUp.ShouldBeEmpty();
        rig.Sessions.Pools().ShouldBeEmpty();
        (await Should.ThrowAsync<OrreryException>(() => rig.AttachAsync(game, RecordingSubscriber.Spectator()))).Code.ShouldBe(ErrorCodes.ShuttingDown);
    }

    [Fact]
    public async Task TickAsync_IdleSession_StoppedOnlyAfterTheGrace()
    {
        await using var rig = new LiveRig(o => o.IdleGrace = TimeSpan.FromMinutes(10));
        var idle = await rig.GameAsync();
        var watched = await rig.GameAsync();
        await (await rig.AttachAsync(idle, RecordingSubscriber.Spectator())).DisposeAsync(); // idle from now
        await rig.AttachAsync(watched, RecordingSubscriber.Spectator());

        rig.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await rig.FlushAsync();
        rig.Sessions.Presence(idle).Running.ShouldBeTrue();

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.FlushAsync();
        rig.Sessions.Presence(idle).Running.ShouldBeFalse();
        rig.Logger.Entries.ShouldContain(e => e.EventId == 8005 && e.Message.Contains("idle"));

        rig.Time.Advance(TimeSpan.FromHours(1));
        await rig.FlushAsync();
        rig.Sessions.Presence(watched).Running.ShouldBeTrue(); // a session with a connection is never collected
        rig.Sessions.Pools().ShouldHaveSingleItem().Games.ShouldBe([watched]);
        rig.PoolStore.Pools.ShouldHaveSingleItem().Games.ShouldBe([watched]);
    }

    [Fact]
    public async Task TickAsync_LastSessionCollected_PoolStopsAndDeletesItsState()
    {
        await using var rig = new LiveRig(o => o.IdleGrace = TimeSpan.FromMinutes(1));
        await (await rig.AttachAsync(await rig.GameAsync(), RecordingSubscriber.Spectator())).DisposeAsync();

        rig.Time.Advance(TimeSpan.FromMinutes(2));
        await rig.FlushAsync();
        await rig.FlushAsync(); // the stop queued behind the collection

        rig.Sessions.Pools().ShouldBeEmpty();
        rig.PoolStore.Pools.ShouldBeEmpty();
        rig.PoolStore.BackedUp.ShouldBeEmpty();
    }

    [Fact]
    public async Task Mailbox_AboveThreshold_LogsOncePerEpisode()
    {
        await using var rig = new LiveRig(o => o.MailboxThreshold = 4);
        var game = await rig.GameAsync();
        await rig.AttachAsync(game, RecordingSubscriber.Spectator());

        await FloodWhileBlockedAsync(rig, game, await rig.GameAsync());
        rig.Logger.Count(8007).ShouldBe(1); // 20 items above 4: one warning

        await FloodWhileBlockedAsync(rig, game, await rig.GameAsync());
        rig.Logger.Count(8007).ShouldBe(2); // it went back below in between: a second episode
    }

    [Fact]
    public async Task TickAsync_Backup_SavesEverySessionAtItsInterval()
    {
        await using var rig = new LiveRig(o => o.BackupInterval = TimeSpan.FromMinutes(1));
        var game = await rig.GameAsync();
        var attachment = await rig.AttachAsync(game, RecordingSubscriber.Spectator());
        rig.PoolStore.BackedUp.ShouldBe([game]); // the start's own backup

        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.FlushAsync();

        var backup = (await rig.PoolStore.GetBackupAsync(game, LiveRig.Ct)).ShouldNotBeNull();
        backup.BackedUpAt.ShouldBe(rig.Time.GetUtcNow());
        backup.SessionId.ShouldBe(attachment.SessionId);
        backup.Connections.ShouldBe(1);
        backup.IdleSince.ShouldBeNull();
    }

    /// <summary>Holds the pool's loop on a second game's start while 20 changes queue up, then lets it drain.</summary>
    private static async Task FloodWhileBlockedAsync(LiveRig rig, Guid game, Guid blocker)
    {
        rig.Games.Gate = new TaskCompletionSource();
        var start = rig.AttachAsync(blocker, RecordingSubscriber.Spectator());
        for (var i = 0; i < 20; i++)
        {
            await rig.SetPausedAsync(game, i % 2 == 0);
        }
        rig.Games.Gate.SetResult();
        rig.Games.Gate = null;
        await start;
        await rig.FlushAsync();
    }

    private static async Task AssertOnlyRunningAsync(LiveRig rig, Guid running, Guid failed)
    {
        await rig.FlushAsync();
        rig.Sessions.Presence(failed).ShouldBe(LivePresence.None(failed));
        rig.Sessions.Pools().ShouldHaveSingleItem().Games.ShouldBe([running]);
        rig.PoolStore.Pools.ShouldHaveSingleItem().Games.ShouldBe([running]);
        rig.PoolStore.BackedUp.ShouldBe([running]);
        rig.Sessions.Presence(running).Running.ShouldBeTrue();
    }
}
