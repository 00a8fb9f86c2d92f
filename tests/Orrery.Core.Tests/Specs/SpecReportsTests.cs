using System.Diagnostics.Metrics;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

/// <summary>Deviations from the model, learning mode, transition timeouts and pruning.</summary>
public sealed class SpecReportsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transition_NewToTheModel_CheckedAndReportedOnce()
    {
        await using var rig = await SpecRig.StartAsync();

        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        await rig.Instances.InitAsync("door", "d2", null, null, Ct);

        var call = rig.Checker.Calls.ShouldHaveSingleItem();
        call.Model.Transitions.ShouldBe([new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, "closed")]);
        call.Specification.Name.ShouldBe("door");
        var report = rig.Deviations.ShouldHaveSingleItem();
        report["type"].ShouldBe(DeviationEvents.NotEquivalent);
        report["instance"].ShouldBe("d1");
        report["trace"].ShouldBe("__initialisation__ open");
        rig.ReportLog.Count(9111).ShouldBe(1);
    }

    [Fact]
    public async Task Deviation_Counted_BySpecAndVerdict()
    {
        await using var rig = await SpecRig.StartAsync();
        var counted = new List<(long Value, string? Spec, string? Verdict)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == rig.Meters && instrument.Name == "orrery.specs.deviations")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var byName = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            counted.Add((value, byName.GetValueOrDefault("spec"), byName.GetValueOrDefault("verdict")));
        });
        listener.Start();

        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        counted.ShouldBe([(1L, "door", DeviationEvents.NotEquivalent)]);
    }

    [Fact]
    public async Task Transition_EquivalentAfterAll_ReportedStillEquivalent()
    {
        await using var rig = await SpecRig.StartAsync();
        rig.Checker.Verdict = EquivalenceVerdict.Same;

        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        await rig.Instances.TransitionAsync("d1", "open", "opened", Ct);

        rig.Deviations.Select(d => d["type"]).ShouldBe([DeviationEvents.StillEquivalent, DeviationEvents.StillEquivalent]);
        rig.Checker.Calls[1].Model.Transitions.Length.ShouldBe(2);
    }

    [Fact]
    public async Task Transition_AlreadyInTheStoredModel_NotReportedAfterRestart()
    {
        var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        await using var restarted = await rig.RestartAsync();
        await restarted.Instances.InitAsync("door", "d2", null, null, Ct);

        restarted.Deviations.ShouldBeEmpty();
    }

    [Fact]
    public async Task LearningMode_AnyTransition_LearnedWithoutReportsAndExported()
    {
        await using var rig = await SpecRig.StartAsync(spec: "Specification: flow\nLearning mode: true\nTransitions:\nnil --[__initialisation__]-> a\na --[go]-> b\n");

        await rig.Instances.InitAsync("flow", "f1", null, "z", Ct);
        await rig.Instances.TransitionAsync("f1", "jump", "q", Ct);

        rig.Deviations.ShouldBeEmpty();
        rig.Checker.Calls.ShouldBeEmpty();
        var exported = SpexFormat.Parse(new SpecModelExport(rig.Registry, rig.Models).Write("flow"));
        exported.LearningMode.ShouldBeTrue();
        exported.Transitions.ShouldBe([new SpexTransition("nil", "__initialisation__", "z"), new SpexTransition("z", "jump", "q")]);
    }

    [Fact]
    public async Task ExportAsync_Directory_OneSpexFilePerModel()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        var directory = Directory.CreateTempSubdirectory("orrery-models-").FullName;

        var files = await new SpecModelExport(rig.Registry, rig.Models).ExportAsync(directory, Ct);

        Path.GetFileName(files.ShouldHaveSingleItem()).ShouldBe("door.spex");
        (await SpexFormat.ReadFileAsync(files[0], Ct)).Transitions.Length.ShouldBe(1);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task ExportAsync_TwoProcessesIntoOneFolder_TheFileHoldsTheUnionOfTheirModels()
    {
        await using var first = await SpecRig.StartAsync();
        await using var second = await SpecRig.StartAsync();
        await first.Instances.InitAsync("door", "d1", null, null, Ct);
        await second.Instances.InitAsync("door", "d2", null, null, Ct);
        await second.Instances.TransitionAsync("d2", "open", "opened", Ct);
        var directory = Directory.CreateTempSubdirectory("orrery-models-").FullName;

        await new SpecModelExport(second.Registry, second.Models).ExportAsync(directory, Ct);
        var files = await new SpecModelExport(first.Registry, first.Models).ExportAsync(directory, Ct);

        (await SpexFormat.ReadFileAsync(files.ShouldHaveSingleItem(), Ct)).Transitions.Select(t => t.ToString()).ShouldBe(
            ["nil --[__initialisation__]-> closed", "closed --[open]-> opened"], ignoreOrder: true);
        Directory.GetFiles(directory).Select(Path.GetFileName).ShouldBe(["door.spex"]);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task TickAsync_Overdue_ReportedOncePerStay()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        var deviations = rig.Deviations.Count;

        rig.Time.Advance(TimeSpan.FromSeconds(59));
        await rig.Driver.TickAsync(Ct);
        rig.Deviations.Count.ShouldBe(deviations);

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.Driver.TickAsync(Ct);
        await rig.Driver.TickAsync(Ct);
        var timeouts = rig.Deviations.Where(d => d["type"] == DeviationEvents.TransitionTimeout).ToList();
        timeouts.ShouldHaveSingleItem()["state"].ShouldBe("closed");
        timeouts[0]["timeout"].ShouldBe("1m");

        await rig.Instances.TransitionAsync("d1", "open", "opened", Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(2));
        await rig.Driver.TickAsync(Ct);
        rig.Deviations.Count(d => d["type"] == DeviationEvents.TransitionTimeout).ShouldBe(2);
    }

    [Fact]
    public async Task TickAsync_AfterRestart_OverdueFoundAgainFromTheStoredTime()
    {
        var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(5));

        await using var restarted = await rig.RestartAsync();
        await restarted.Driver.TickAsync(Ct);

        restarted.Deviations.ShouldHaveSingleItem()["type"].ShouldBe(DeviationEvents.TransitionTimeout);
    }

    [Fact]
    public async Task TickAsync_TerminalState_NeverOverdueButPrunedWhenIdle()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "gone-one", null, null, Ct);
        await rig.Instances.TransitionAsync("gone-one", "remove", "gone", Ct);
        await rig.Instances.MockAsync("door", "locked-one", "locked", null, Ct);
        await rig.Driver.TickAsync(Ct); // the start's prune: nothing idle yet

        rig.Time.Advance(TimeSpan.FromHours(2));
        (await rig.Driver.TickAsync(Ct)).ShouldBe(0); // idle, but the next prune is due only 6 h after the first
        rig.Time.Advance(TimeSpan.FromHours(4));
        (await rig.Driver.TickAsync(Ct)).ShouldBe(1);

        (await rig.Instances.ListAsync(null, Ct)).ShouldHaveSingleItem().Id.ShouldBe("locked-one");
        rig.Store.Instances.ShouldHaveSingleItem().Id.ShouldBe("locked-one");
        rig.Deviations.Count(d => d["type"] == DeviationEvents.TransitionTimeout && d["instance"] == "gone-one").ShouldBe(0);
    }

    [Fact]
    public async Task Deviation_CheckFails_ReportedUnchecked()
    {
        var stream = new Fakes.RecordingEventStream();
        using var meters = new Fakes.TestMeterFactory();
        var reports = new SpecReports(stream, new SpecMetrics(meters), TimeProvider.System, new Fakes.CapturingLogger<SpecReports>(), new FailingChecker());
        var specification = new Specification(SpexFormat.Parse(SpecRig.Door));

        await reports.DeviationAsync(specification, "d1", new SpexTransition("closed", "open", "opened"), [], Ct);

        var entry = stream.On(DeviationEvents.Stream).ShouldHaveSingleItem();
        entry["type"].ShouldBe(DeviationEvents.NotChecked);
        entry["from"].ShouldBe("closed");
    }

    private sealed class FailingChecker : IModelChecker
    {
        public EquivalenceVerdict Check(SpexDocument left, SpexDocument right, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the checker broke");
    }
}
