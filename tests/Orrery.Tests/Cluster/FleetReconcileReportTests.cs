using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Reconcile;

namespace Orrery.Tests.Cluster;

/// <summary>One <c>POST /api/v1/reconcile</c> in a cluster: every replica's pass over its own games, merged into one report.</summary>
public sealed class FleetReconcileReportTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void Merge_TwoReplicasPasses_AddsTheCountsUnitesTheListsAndSpansTheLongestPass()
    {
        var first = Pass(Noon.AddMilliseconds(20), 30, records: 2, engines: 2, refreshed: [B], removed: [C],
            errors: [new ReconcileError(B, "e-b", "status 500")]);
        var second = Pass(Noon, 45, records: 3, engines: 1, refreshed: [A], removed: [],
            orphans: [new OrphanEngine("e-x", null, false)]);

        var merged = ReconcileReport.Merge([first, second]);

        merged.StartedAt.ShouldBe(Noon);
        merged.Duration.ShouldBe(TimeSpan.FromMilliseconds(45));
        merged.Records.ShouldBe(5);
        merged.Engines.ShouldBe(3);
        merged.Refreshed.ShouldBe([A, B]);
        merged.Removed.ShouldBe([C]);
        merged.Orphans.ShouldHaveSingleItem().EngineId.ShouldBe("e-x");
        merged.Errors.ShouldHaveSingleItem().GameId.ShouldBe(B);
    }

    [Fact]
    public void Merge_AGameMovedBetweenReplicasDuringThePasses_IsListedOnce()
    {
        var merged = ReconcileReport.Merge([Pass(Noon, 10, 1, 1, refreshed: [A], removed: []), Pass(Noon, 10, 1, 1, refreshed: [A], removed: [])]);

        merged.Refreshed.ShouldBe([A]);
    }

    [Fact]
    public void Combine_OneReplicaFailed_ReportsTheOthersPassAndNamesTheFailedOne()
    {
        var fleet = FleetReconciler.Combine([
            ("127.0.0.1:11112@2", null, "SiloUnavailableException: gone"),
            ("127.0.0.1:11111@1", Pass(Noon, 10, 4, 4, refreshed: [A, B], removed: []), null),
        ]);

        fleet.Answered.ShouldBe(["127.0.0.1:11111@1"]);
        fleet.Failed.ShouldHaveSingleItem().ShouldBe(new ReplicaFailure("127.0.0.1:11112@2", "SiloUnavailableException: gone"));
        fleet.Merged.Refreshed.ShouldBe([A, B]);
        fleet.Merged.Records.ShouldBe(4);
    }

    [Fact]
    public void Combine_NoReplicaAnswered_IsAnErrorNamingThem()
    {
        var error = Should.Throw<OrreryException>(() => FleetReconciler.Combine([("127.0.0.1:11111@1", null, "timeout")]));

        error.Code.ShouldBe(ErrorCodes.InternalError);
        error.Message.ShouldContain("127.0.0.1:11111@1: timeout");
    }

    private static ReconcileReport Pass(
        DateTimeOffset startedAt, int durationMs, int records, int engines, Guid[] refreshed, Guid[] removed,
        OrphanEngine[]? orphans = null, ReconcileError[]? errors = null) =>
        new(startedAt, TimeSpan.FromMilliseconds(durationMs), records, engines, [], removed, refreshed, [], [], [], [], [], orphans ?? [], errors ?? []);
}
