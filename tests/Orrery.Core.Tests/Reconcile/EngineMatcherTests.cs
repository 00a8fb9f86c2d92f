using Orrery.Engines;
using Orrery.Reconcile;
using Orrery.Runtime;

namespace Orrery.Core.Tests.Reconcile;

public sealed class EngineMatcherTests
{
    private const string Stack = "blue";
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Recorded_engine_id_wins_over_the_game_label()
    {
        var record = Record(engineId: "e-recorded");
        var recorded = Engine("e-recorded", record.GameId);
        var other = Engine("e-other", record.GameId);

        var matches = EngineMatcher.Match([record], [other, recorded], Stack);

        matches.Records.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.Engine.ShouldBe(recorded),
            m => m.Sighting.ShouldBe(EngineSighting.Running));
        matches.Duplicates.ShouldBe([other]);
        matches.Unclaimed.ShouldBeEmpty();
    }

    [Fact]
    public void Game_label_matches_when_the_recorded_engine_is_gone()
    {
        var record = Record(engineId: "e-gone");
        var relaunched = Engine("e-new", record.GameId);

        EngineMatcher.Match([record], [relaunched], Stack).Records.ShouldHaveSingleItem().Engine.ShouldBe(relaunched);
    }

    [Fact]
    public void A_running_engine_of_the_game_beats_the_exited_recorded_one()
    {
        var record = Record(engineId: "e-dead");
        var dead = Engine("e-dead", record.GameId, running: false);
        var live = Engine("e-live", record.GameId);

        var match = EngineMatcher.Match([record], [dead, live], Stack).Records.ShouldHaveSingleItem();

        match.Engine.ShouldBe(live);
        match.Sighting.ShouldBe(EngineSighting.Running);
    }

    [Fact]
    public void An_exited_engine_is_seen_as_exited()
    {
        var record = Record(engineId: "e-dead");

        EngineMatcher.Match([record], [Engine("e-dead", record.GameId, running: false)], Stack)
            .Records.ShouldHaveSingleItem().Sighting.ShouldBe(EngineSighting.Exited);
    }

    [Fact]
    public void Another_stacks_engine_is_seen_as_foreign_and_never_preferred()
    {
        var record = Record(engineId: null);
        var foreign = Engine("e-foreign", record.GameId, stack: "green");

        EngineMatcher.Match([record], [foreign], Stack).Records.ShouldHaveSingleItem().Sighting.ShouldBe(EngineSighting.ForeignStack);

        var own = Engine("e-own", record.GameId, running: false);
        EngineMatcher.Match([record], [foreign, own], Stack).Records.ShouldHaveSingleItem().Engine.ShouldBe(own);
    }

    [Fact]
    public void A_record_without_engine_and_engines_without_record()
    {
        var record = Record(engineId: "e-gone");
        var unknownGame = Engine("e-unknown", Guid.NewGuid());
        var unlabelled = Engine("e-unlabelled", null);

        var matches = EngineMatcher.Match([record], [unknownGame, unlabelled], Stack);

        matches.Records.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.Engine.ShouldBeNull(),
            m => m.Sighting.ShouldBe(EngineSighting.Absent));
        matches.Unclaimed.ShouldBe([unknownGame, unlabelled]);
        matches.Duplicates.ShouldBeEmpty();
    }

    [Fact]
    public void A_record_whose_engine_host_did_not_answer_is_out_of_sight_not_absent()
    {
        var hidden = Record(engineId: "b/e-hidden");
        var gone = Record(engineId: "a/e-gone");
        var moved = Record(engineId: "b/e-old");
        var relaunched = Engine("a/e-new", moved.GameId);
        var listing = new EngineListing([relaunched], [new UnreachableEngineHost("b", "down")]);

        var matches = EngineMatcher.Match([hidden, gone, moved], listing.Engines, Stack, listing.MayHide);

        matches.Records.Select(m => m.Sighting).ShouldBe([EngineSighting.HostUnreachable, EngineSighting.Absent, EngineSighting.Running]);
    }

    private static RuntimeRecord Record(string? engineId) =>
        RuntimeRecord.NewStarting(Guid.NewGuid(), "* * * * *", At) with { Status = RuntimeStatus.Running, EngineId = engineId };

    private static EngineInstance Engine(string id, Guid? gameId, bool running = true, string stack = Stack) =>
        new(id, gameId, "1.0.0", new Uri($"http://127.0.0.1:9/{id}/"), running, At, stack);
}
