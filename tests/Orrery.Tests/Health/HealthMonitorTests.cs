using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Engines;
using Orrery.Health;
using Orrery.Tests.Support;

namespace Orrery.Tests.Health;

/// <summary>The producer of SPEC §6, one round at a time, against scripted engines.</summary>
public sealed class HealthMonitorTests : IAsyncLifetime
{
    private SchedulerRig _rig = null!;
    private Guid _gameId;

    private HealthMonitor Monitor => _rig.Get<HealthMonitor>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await SchedulerRig.CreateAsync();
        _gameId = await _rig.StartGameAsync();
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private async Task<List<string>> EventTypesAsync() =>
        (await _rig.HealthEventsAsync()).Where(e => e["game_id"] == _gameId.ToString()).Select(e => e["event_type"]).ToList();

    [Fact]
    public async Task A_successful_start_reports_container_started()
    {
        var started = (await _rig.HealthEventsAsync()).ShouldHaveSingleItem();

        started["event_type"].ShouldBe("container_started");
        started["container_id"].ShouldBe(_rig.Engines.EngineOf(_gameId).Id);
        started.Keys.Order().ShouldBe(["container_id", "event_type", "game_id", "occurred_at_ms"]);
    }

    [Fact]
    public async Task Three_failed_probes_in_a_row_are_one_probe_failed_and_the_next_success_one_probe_recovered()
    {
        _rig.Engines.NeverHealthy = true;
        await Monitor.ProbeAsync(Ct);
        await Monitor.ProbeAsync(Ct);
        (await EventTypesAsync()).ShouldBe(["container_started"]);

        await Monitor.ProbeAsync(Ct);
        await Monitor.ProbeAsync(Ct);
        (await EventTypesAsync()).ShouldBe(["container_started", "probe_failed"]);
        var failed = (await _rig.HealthEventsAsync()).Last();
        JsonDocument.Parse(failed["details"]).RootElement.GetProperty("consecutive_failures").GetInt32().ShouldBe(3);

        _rig.Engines.NeverHealthy = false;
        await Monitor.ProbeAsync(Ct);
        await Monitor.ProbeAsync(Ct);
        (await EventTypesAsync()).ShouldBe(["container_started", "probe_failed", "probe_recovered"]);
    }

    [Fact]
    public async Task A_failure_streak_that_ends_early_reports_nothing()
    {
        _rig.Engines.NeverHealthy = true;
        await Monitor.ProbeAsync(Ct);
        await Monitor.ProbeAsync(Ct);
        _rig.Engines.NeverHealthy = false;
        await Monitor.ProbeAsync(Ct);
        _rig.Engines.NeverHealthy = true;
        await Monitor.ProbeAsync(Ct);
        await Monitor.ProbeAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started"]);
    }

    [Fact]
    public async Task An_exited_engine_is_reported_once_with_its_exit_code()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.Running = false;
        engine.ExitCode = 137;

        await Monitor.InspectAsync(Ct);
        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "container_exited"]);
        var exited = (await _rig.HealthEventsAsync()).Last();
        exited["container_id"].ShouldBe(engine.Id);
        JsonDocument.Parse(exited["details"]).RootElement.GetProperty("exit_code").GetInt32().ShouldBe(137);
    }

    [Fact]
    public async Task An_engine_killed_for_memory_is_container_oom()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.Running = false;
        engine.OomKilled = true;

        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "container_oom"]);
    }

    [Fact]
    public async Task An_exit_the_host_later_knows_was_an_oom_kill_is_corrected_once_to_container_oom()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.Running = false;
        engine.ExitCode = 137;
        await Monitor.InspectAsync(Ct); // Docker may record the OOM kill just after the exit

        engine.OomKilled = true;
        await Monitor.InspectAsync(Ct);
        await Monitor.InspectAsync(Ct);
        await _rig.Engines.RemoveAsync(engine.Id, Ct);
        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "container_exited", "container_oom"]);
    }

    [Fact]
    public async Task An_engine_the_host_no_longer_knows_is_container_disappeared()
    {
        await _rig.Engines.RemoveAsync(_rig.Engines.EngineOf(_gameId).Id, Ct);

        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "container_disappeared"]);
    }

    [Fact]
    public async Task A_restart_behind_orrerys_back_is_inspect_unhealthy()
    {
        await Monitor.InspectAsync(Ct); // learns the restart count
        _rig.Engines.EngineOf(_gameId).RestartCount = 1;

        await Monitor.InspectAsync(Ct);
        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "inspect_unhealthy"]);
    }

    [Fact]
    public async Task A_failing_runtime_health_check_is_inspect_unhealthy_once_per_failure_with_what_it_said()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.HealthCheck = new EngineHealthCheck("unhealthy", 3, "curl: (7) Failed to connect");

        await Monitor.InspectAsync(Ct);
        await Monitor.InspectAsync(Ct);
        engine.HealthCheck = new EngineHealthCheck("healthy", 0, "ok");
        await Monitor.InspectAsync(Ct);
        engine.HealthCheck = new EngineHealthCheck("unhealthy", 1, "curl: (7) Failed to connect");
        await Monitor.InspectAsync(Ct);

        var unhealthy = (await _rig.HealthEventsAsync()).Where(e => e["event_type"] == "inspect_unhealthy").ToList();
        unhealthy.Count.ShouldBe(2, "reported when it fails, not again while it keeps failing, again after it passed");
        unhealthy[0]["container_id"].ShouldBe(engine.Id);
        using var details = JsonDocument.Parse(unhealthy[0]["details"]);
        details.RootElement.GetProperty("health_status").GetString().ShouldBe("unhealthy");
        details.RootElement.GetProperty("failing_streak").GetInt32().ShouldBe(3);
        details.RootElement.GetProperty("health_output").GetString().ShouldBe("curl: (7) Failed to connect");

        while (await _rig.Get<HealthEventConsumer>().ProcessNextBatchAsync(TimeSpan.Zero, Ct) > 0)
        {
        }
        (await _rig.RecordAsync(_gameId)).ShouldSatisfyAllConditions(
            r => r.EngineHealth.ShouldBe("inspect_unhealthy"),
            r => r.Status.ShouldBe(Orrery.Runtime.RuntimeStatus.Running),
            r => r.LastHealthEventDetails.ShouldBe(unhealthy[1]["details"]));
    }

    [Fact]
    public async Task A_stopped_game_is_not_watched()
    {
        await _rig.Get<global::Orrery.Lifecycle.LifecycleService>().StopAsync(_gameId, global::Orrery.Operations.OperationSource.Lobby, null, Ct);
        await _rig.RunQueuedAsync();
        _rig.Engines.NeverHealthy = true;

        for (var i = 0; i < 4; i++)
        {
            await Monitor.ProbeAsync(Ct);
            await Monitor.InspectAsync(Ct);
        }

        (await EventTypesAsync()).ShouldBe(["container_started"]);
    }

    [Fact]
    public async Task A_host_event_gets_the_engine_inspected_at_once_and_reported_once()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.Running = false;
        engine.ExitCode = 1;

        await Monitor.InspectNowAsync(_gameId, engine.Id, Ct);
        await Monitor.InspectNowAsync(_gameId, engine.Id, Ct); // the daemon says die, then destroy
        await Monitor.InspectAsync(Ct);

        (await EventTypesAsync()).ShouldBe(["container_started", "container_exited"]);
    }

    [Fact]
    public async Task A_host_event_about_an_engine_the_game_no_longer_runs_is_ignored()
    {
        var engine = _rig.Engines.EngineOf(_gameId);
        engine.Running = false;

        await Monitor.InspectNowAsync(_gameId, "an-old-engine", Ct);
        await Monitor.InspectNowAsync(Guid.NewGuid(), engine.Id, Ct);

        (await EventTypesAsync()).ShouldBe(["container_started"]);
    }

    [Fact]
    public async Task The_running_monitor_follows_the_host_events_and_watches_again_after_the_stream_breaks()
    {
        var source = new ChannelEngineEvents();
        using var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(_rig.Services, (IEngineEventSource)source);
        var engine = _rig.Engines.EngineOf(_gameId);
        await monitor.StartAsync(Ct);
        try
        {
            source.Break(); // the first watch ends with an error; the monitor watches again after a second
            engine.Running = false;
            engine.OomKilled = true;
            source.Tell(new EngineEvent(_gameId, engine.Id, "oom"));

            await EventuallyAsync(async () => (await EventTypesAsync()).Contains("container_oom"));
            source.Watches.ShouldBe(2);
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Host events told by the test; <see cref="Break"/> makes the current watch fail.</summary>
    private sealed class ChannelEngineEvents : IEngineEventSource
    {
        private readonly Channel<EngineEvent?> _events = Channel.CreateUnbounded<EngineEvent?>();
        private int _watches;

        public int Watches => Volatile.Read(ref _watches);

        public void Tell(EngineEvent change) => _events.Writer.TryWrite(change);

        public void Break() => _events.Writer.TryWrite(null);

        public async IAsyncEnumerable<EngineEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _watches);
            await foreach (var change in _events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change ?? throw new IOException("the event stream broke");
            }
        }
    }
}
