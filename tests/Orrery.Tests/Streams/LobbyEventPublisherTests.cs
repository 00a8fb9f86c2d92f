using Orrery.Runtime;
using Orrery.Streams;
using Orrery.Tests.Support;

namespace Orrery.Tests.Streams;

/// <summary>Snapshot updates on <c>gm:lobby_events</c> over the real embedded log.</summary>
public sealed class LobbyEventPublisherTests : IAsyncLifetime
{
    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SchedulerRig.CreateAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private LobbyEventPublisher Lobby => _rig.Get<LobbyEventPublisher>();

    [Fact]
    public async Task An_update_older_than_one_already_published_for_its_game_is_left_out()
    {
        var gameId = await _rig.StartGameAsync();
        var record = await _rig.RecordAsync(gameId);
        var newer = record with { Version = record.Version + 2, CurrentTurn = 4 };
        var older = record with { Version = record.Version + 1, CurrentTurn = 3 };

        (await Lobby.SnapshotUpdateAsync(newer, [], CancellationToken.None)).ShouldBeTrue();
        (await Lobby.SnapshotUpdatesAsync([(older, []), (newer, [])], CancellationToken.None)).ShouldBeTrue();

        var turns = await SnapshotTurnsAsync(gameId);
        turns.ShouldBe([0, 4], "the start's update, then turn 4 once: neither the late turn 3 nor a repeat of 4");
    }

    [Fact]
    public async Task Games_are_ordered_each_on_their_own()
    {
        var first = await _rig.StartGameAsync();
        var second = await _rig.StartGameAsync();
        var firstRecord = await _rig.RecordAsync(first);
        var secondRecord = await _rig.RecordAsync(second);

        await Lobby.SnapshotUpdateAsync(firstRecord with { Version = 100, CurrentTurn = 9 }, [], CancellationToken.None);
        await Lobby.SnapshotUpdateAsync(secondRecord with { Version = secondRecord.Version + 1, CurrentTurn = 1 }, [], CancellationToken.None);

        (await SnapshotTurnsAsync(second)).ShouldBe([0, 1]);
    }

    [Fact]
    public async Task A_game_forgotten_after_its_deletion_publishes_again_from_its_first_version()
    {
        var gameId = await _rig.StartGameAsync();
        var record = await _rig.RecordAsync(gameId);
        await Lobby.SnapshotUpdateAsync(record with { Version = 50 }, [], CancellationToken.None);

        await Lobby.ForgetAsync(gameId, CancellationToken.None);
        await Lobby.SnapshotUpdateAsync(record with { Version = 1, Status = RuntimeStatus.Starting }, [], CancellationToken.None);

        (await _rig.LobbyEventsAsync()).Where(e => e["event_type"] == "runtime_snapshot_update" && e["game_id"] == gameId.ToString())
            .Select(e => e["runtime_status"]).Last().ShouldBe("starting");
    }

    private async Task<List<int>> SnapshotTurnsAsync(Guid gameId) =>
        (await _rig.LobbyEventsAsync())
            .Where(e => e["event_type"] == "runtime_snapshot_update" && e["game_id"] == gameId.ToString())
            .Select(e => int.Parse(e["current_turn"]))
            .ToList();
}
