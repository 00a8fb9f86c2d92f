using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Engines;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Health;

/// <summary>
/// The producer of <c>runtime:health_events</c> (SPEC §6): probes every engine's <c>/healthz</c> and inspects
/// it on its host, on two independent clocks, and reports what changed. It never touches runtime records:
/// the consumer applies the events, whoever produced them.
/// </summary>
/// <remarks>
/// A host that tells of changes as they happen (<see cref="IEngineEventSource"/>, Docker's event stream) gets
/// the changed engine inspected at once, so an exit is reported within a second instead of an interval.
/// <see cref="ProbeAsync"/> and <see cref="InspectAsync"/> run one round each, so tests drive the monitor
/// without waiting for its intervals. What was already reported about an engine is remembered per engine id,
/// so an engine that stays down is reported once, and a replaced engine starts with a clean slate.
/// </remarks>
public sealed partial class HealthMonitor(
    IRuntimeStore runtimes,
    IEngineClient engines,
    IEngineHost host,
    HealthEventPublisher publisher,
    TimeProvider time,
    IOptions<HealthMonitorOptions> options,
    ILogger<HealthMonitor> logger,
    IEngineEventSource? hostEvents = null,
    IGameOwnership? ownership = null) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, WatchedEngine> _watched = new();

    /// <summary>Probes every engine once: <c>probe_failed</c> after enough failures in a row, <c>probe_recovered</c> after that.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken) => ForEachEngineAsync(ProbeOneAsync, cancellationToken);

    /// <summary>Inspects every engine once: exited, killed for memory, gone, or restarted behind Orrery's back.</summary>
    public Task InspectAsync(CancellationToken cancellationToken) => ForEachEngineAsync(InspectOneAsync, cancellationToken);

    /// <summary>
    /// Inspects one game's engine now, as an inspection round would (a host event said it changed). Nothing
    /// happens when the game no longer runs that engine.
    /// </summary>
    public async Task InspectNowAsync(Guid gameId, string engineId, CancellationToken cancellationToken)
    {
        if (await runtimes.GetAsync(gameId, cancellationToken) is not { } record || !HasEngine(record) || record.EngineId != engineId)
        {
            return;
        }
        var engine = Watch(gameId, engineId);
        // Unlike a round, wait for a check in flight: this event must be looked at.
        await engine.Gate.WaitAsync(cancellationToken);
        try
        {
            await InspectOneAsync(engine, record, cancellationToken);
        }
        finally
        {
            engine.Gate.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        EveryAsync(options.Value.ProbeInterval, ProbeAsync, stoppingToken),
        EveryAsync(options.Value.InspectInterval, InspectAsync, stoppingToken),
        hostEvents is null ? Task.CompletedTask : WatchHostEventsAsync(hostEvents, stoppingToken));

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await round(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be down; the next round tries again.
                    Log.RoundFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ForEachEngineAsync(Func<WatchedEngine, RuntimeRecord, CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var watched = new List<(WatchedEngine, RuntimeRecord)>();
        var seen = new HashSet<Guid>();
        foreach (var record in await runtimes.ListAsync(cancellationToken))
        {
            if (!HasEngine(record) || ownership?.Owns(record.GameId) == false)
            {
                continue; // no engine, or another replica watches it
            }
            seen.Add(record.GameId);
            watched.Add((Watch(record.GameId, record.EngineId!), record));
        }
        foreach (var gone in _watched.Keys.Where(id => !seen.Contains(id)))
        {
            _watched.TryRemove(gone, out _);
        }

        await Parallel.ForEachAsync(
            watched,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelChecks, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var (engine, record) = item;
                // One check of an engine at a time: a slow probe must not overlap the next round's.
                if (!await engine.Gate.WaitAsync(0, ct))
                {
                    return;
                }
                try
                {
                    await check(engine, record, ct);
                }
                finally
                {
                    engine.Gate.Release();
                }
            });
    }

    private async Task ProbeOneAsync(WatchedEngine engine, RuntimeRecord record, CancellationToken cancellationToken)
    {
        bool healthy;
        using (var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            probe.CancelAfter(options.Value.ProbeTimeout);
            healthy = await engines.IsHealthyAsync(new Uri(record.EngineEndpoint!), probe.Token);
        }
        cancellationToken.ThrowIfCancellationRequested();

        if (healthy)
        {
            engine.ConsecutiveFailures = 0;
            if (engine.ProbeFailedReported
                && await publisher.PublishAsync(record.GameId, engine.EngineId, HealthEventType.ProbeRecovered, null, cancellationToken))
            {
                engine.ProbeFailedReported = false;
            }
            return;
        }

        engine.ConsecutiveFailures++;
        if (engine.ConsecutiveFailures >= options.Value.FailuresBeforeProbeFailed && !engine.ProbeFailedReported)
        {
            var details = Details(new() { ["consecutive_failures"] = engine.ConsecutiveFailures, ["probe_error"] = "no 200 from /healthz" });
            engine.ProbeFailedReported = await publisher.PublishAsync(record.GameId, engine.EngineId, HealthEventType.ProbeFailed, details, cancellationToken);
        }
    }

    private async Task InspectOneAsync(WatchedEngine engine, RuntimeRecord record, CancellationToken cancellationToken)
    {
        // An exit seen before the host knew it was an OOM kill (Docker may record the OOM just after the exit)
        // is still corrected to container_oom; anything else about a gone engine has been said.
        if (engine.Gone is not (null or HealthEventType.ContainerExited))
        {
            return;
        }
        var (asked, inspection) = await TryInspectAsync(engine.EngineId, cancellationToken);
        if (!asked)
        {
            return;
        }
        var observation = Observe(inspection, engine.RestartCount, engine.HealthCheckFailureReported);
        engine.RestartCount = inspection?.RestartCount ?? engine.RestartCount;
        var checkFails = inspection?.HealthCheck is { IsUnhealthy: true };
        if (!checkFails)
        {
            engine.HealthCheckFailureReported = false; // healthy again: a new failure is news
        }
        if (observation is not var (type, details) || (engine.Gone is not null && type != HealthEventType.ContainerOom))
        {
            return;
        }
        if (!await publisher.PublishAsync(record.GameId, engine.EngineId, type, details, cancellationToken))
        {
            return;
        }
        if (type is HealthEventType.InspectUnhealthy)
        {
            // A restart seen on an engine whose check fails says that too: the failure is reported either way.
            engine.HealthCheckFailureReported |= checkFails;
        }
        else
        {
            engine.Gone = type;
        }
    }

    /// <summary>
    /// The host's answer (null: it does not know the engine), or not asked when the host could not be reached: an engine host
    /// that is down says nothing about the engine (the reconciler marks its games), and must not end the round for the
    /// engines of the other hosts.
    /// </summary>
    private async Task<(bool Asked, EngineInspection? Inspection)> TryInspectAsync(string engineId, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await host.InspectAsync(engineId, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.InspectFailed(logger, engineId, ex.Message);
            return (false, null);
        }
    }

    /// <summary>What this monitor knows of the game's engine: kept while the engine is the same, fresh for a replacement.</summary>
    private WatchedEngine Watch(Guid gameId, string engineId) => _watched.AddOrUpdate(
        gameId,
        _ => new WatchedEngine(engineId),
        (_, known) => known.EngineId == engineId ? known : new WatchedEngine(engineId));

    /// <summary>
    /// What an inspection tells, or null when the engine runs as before. A runtime health check that fails (SPEC §6) is
    /// reported once per failure, with what the check said; <paramref name="checkFailureReported"/> says it was.
    /// </summary>
    private static (HealthEventType Type, string? Details)? Observe(EngineInspection? inspection, int? lastRestartCount, bool checkFailureReported) =>
        inspection switch
        {
            null => (HealthEventType.ContainerDisappeared, null),
            { Running: false, OomKilled: true } => (HealthEventType.ContainerOom, Details(new() { ["oom"] = true, ["exit_code"] = inspection.ExitCode })),
            { Running: false } => (HealthEventType.ContainerExited, Details(new() { ["exit_code"] = inspection.ExitCode })),
            _ when inspection.RestartCount > (lastRestartCount ?? inspection.RestartCount) =>
                (HealthEventType.InspectUnhealthy, Details(new() { ["restart_count"] = inspection.RestartCount })),
            { HealthCheck: { IsUnhealthy: true } check } when !checkFailureReported => (HealthEventType.InspectUnhealthy, Details(new()
            {
                ["health_status"] = check.Status,
                ["failing_streak"] = check.FailingStreak,
                ["health_output"] = check.LastOutput,
            })),
            _ => null,
        };

    /// <summary>Only records that expect an engine and say which one; a start in progress watches its own engine.</summary>
    private static bool HasEngine(RuntimeRecord record) =>
        record.EngineId is not null
        && record.EngineEndpoint is not null
        && record.Status is RuntimeStatus.Running or RuntimeStatus.GenerationInProgress or RuntimeStatus.GenerationFailed or RuntimeStatus.EngineUnreachable;

    private static string Details(Dictionary<string, object?> facts) => JsonSerializer.Serialize(facts);

    /// <summary>What this monitor knows about one engine. Touched by one check at a time (its gate).</summary>
    private sealed class WatchedEngine(string engineId)
    {
        public string EngineId { get; } = engineId;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int ConsecutiveFailures { get; set; }
        public bool ProbeFailedReported { get; set; }
        public int? RestartCount { get; set; }
        /// <summary>What was reported of this engine's end (exited, killed for memory, gone), if anything.</summary>
        public HealthEventType? Gone { get; set; }
        /// <summary>The runtime health check's current failure was reported; cleared when the check passes again.</summary>
        public bool HealthCheckFailureReported { get; set; }
    }
}
