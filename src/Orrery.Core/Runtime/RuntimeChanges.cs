using Orrery.Engines;
using Orrery.Errors;
using Orrery.Health;
using Orrery.Scheduling;

namespace Orrery.Runtime;

/// <summary>
/// Every change Orrery makes to a runtime record, in one place: pure functions of the current record and the time,
/// each taking the status step its name says (checked against the <c>game-runtime</c> table by
/// <see cref="RuntimeRecord.TransitionTo"/>) and setting the fields that step implies. The components that write
/// records (launcher, stopper, turn runner, reconciler, health consumer, snapshot publisher, immediate operations)
/// decide when; these decide what.
/// </summary>
public static class RuntimeChanges
{
    /// <summary>
    /// Start, restart and patch: <c>starting</c> on a new engine. A start resumed after a crash may find the record it
    /// left: still <c>starting</c> (it starts again) or <c>running</c> on an engine that is gone (unreachable, then
    /// starting, as the table allows).
    /// </summary>
    public static RuntimeRecord Launch(RuntimeRecord? current, Guid gameId, string turnSchedule, LaunchedEngine engine, DateTimeOffset now)
    {
        var starting = current switch
        {
            null => RuntimeRecord.NewStarting(gameId, turnSchedule, now),
            { Status: RuntimeStatus.Starting } => current,
            { Status: RuntimeStatus.Running } => current.TransitionTo(RuntimeStatus.EngineUnreachable, now).TransitionTo(RuntimeStatus.Starting, now),
            _ => current.TransitionTo(RuntimeStatus.Starting, now),
        };
        return starting with
        {
            EngineId = engine.Instance.Id,
            ImageRef = engine.ImageRef,
            EngineVersion = engine.Version,
            EngineEndpoint = engine.Instance.Endpoint.ToString(),
            Network = engine.Instance.Network,
            StatePath = engine.StatePath,
            TurnSchedule = turnSchedule,
            EngineHealth = null,
            SkipNextTick = false,
            StartedAt = engine.Instance.StartedAt,
            StoppedAt = null,
            FinishedAt = null,
            UpdatedAt = now,
        };
    }

    /// <summary>The engine answered healthz and init: <c>running</c> (an adopted game may be already), on its clock.</summary>
    public static RuntimeRecord EngineReady(RuntimeRecord current, DateTimeOffset now) =>
        (current.Status == RuntimeStatus.Running ? current : current.TransitionTo(RuntimeStatus.Running, now)) with
        {
            NextTurnAt = KeepSlotOrNext(current, now),
        };

    /// <summary>The engine does not answer (a failed start, a failed status call): <c>engine_unreachable</c>.</summary>
    public static RuntimeRecord Unreachable(RuntimeRecord current, DateTimeOffset now) =>
        current.TransitionTo(RuntimeStatus.EngineUnreachable, now) with { EngineHealth = EngineHealthSummaries.Unreachable };

    /// <summary>
    /// The reconciler found a running engine for the game: <c>running</c> on it (through <c>starting</c>, as a start
    /// would, from a status that cannot reach running directly).
    /// </summary>
    public static RuntimeRecord Adopt(RuntimeRecord current, EngineInstance engine, DateTimeOffset now)
    {
        var starting = RuntimeTransitions.IsAllowed(current.Status, RuntimeStatus.Running) ? current : current.TransitionTo(RuntimeStatus.Starting, now);
        return OnEngine(starting.TransitionTo(RuntimeStatus.Running, now), engine) with
        {
            EngineVersion = engine.EngineVersion ?? current.EngineVersion,
            StartedAt = engine.StartedAt,
            StoppedAt = null,
            FinishedAt = null,
            NextTurnAt = KeepSlotOrNext(current, now),
        };
    }

    /// <summary>The reconciler saw the game's engine running: the record names it (its id, endpoint and network), status unchanged.</summary>
    public static RuntimeRecord OnEngine(RuntimeRecord current, EngineInstance engine) => current with
    {
        EngineId = engine.Id,
        EngineEndpoint = engine.Endpoint.ToString(),
        Network = engine.Network ?? current.Network,
    };

    /// <summary>The reconciler found no engine for a game that should have one: <c>removed</c>.</summary>
    public static RuntimeRecord EngineGone(RuntimeRecord current, DateTimeOffset now) =>
        current.TransitionTo(RuntimeStatus.Removed, now) with
        {
            EngineEndpoint = null,
            EngineHealth = EngineHealthSummaries.Disappeared,
            SkipNextTick = false,
        };

    /// <summary>
    /// The engine was taken down: <c>stopped</c>. <paramref name="leaveClock"/> (a stop) gives up the next turn;
    /// restart and patch keep it, so the game resumes its schedule where it was.
    /// </summary>
    public static RuntimeRecord Stop(RuntimeRecord current, bool leaveClock, DateTimeOffset now) =>
        current.TransitionTo(RuntimeStatus.Stopped, now) with
        {
            EngineEndpoint = null,
            EngineHealth = null,
            SkipNextTick = false,
            NextTurnAt = leaveClock ? null : current.NextTurnAt,
        };

    /// <summary>A turn begins: <c>generation_in_progress</c>, refused when turn <paramref name="turnSeen"/> + 1 was played meanwhile.</summary>
    public static RuntimeRecord BeginTurn(RuntimeRecord current, int turnSeen, DateTimeOffset now) =>
        current.CurrentTurn == turnSeen
            ? current.TransitionTo(RuntimeStatus.GenerationInProgress, now)
            : throw OrreryException.Conflict($"Turn {turnSeen + 1} was already played.");

    /// <summary>
    /// The turn is recorded: <c>running</c>, or <c>finished</c> when the engine says so. The next slot is the one after
    /// the turn began (not after it ended): a slow turn makes the next slot due at once instead of losing it.
    /// </summary>
    public static RuntimeRecord EndTurn(RuntimeRecord current, bool finished, DateTimeOffset now) =>
        InProgress(current).TransitionTo(finished ? RuntimeStatus.Finished : RuntimeStatus.Running, now) with
        {
            SkipNextTick = false,
            NextTurnAt = finished ? null : TurnSlots.Next(current.TurnSchedule, current.StatusChangedAt),
        };

    /// <summary>The engine failed the turn: <c>generation_failed</c>, paused until an operator acts, on its clock.</summary>
    public static RuntimeRecord FailTurn(RuntimeRecord current, DateTimeOffset now) =>
        InProgress(current).TransitionTo(RuntimeStatus.GenerationFailed, now) with
        {
            Paused = true,
            PausedAt = current.PausedAt ?? now,
            SkipNextTick = false,
            NextTurnAt = TurnSlots.Next(current.TurnSchedule, now),
        };

    /// <summary>A skipped slot moves to the one after now (never played late); a turn in flight sets its own next slot.</summary>
    public static RuntimeRecord SkipSlot(RuntimeRecord current, DateTimeOffset now) =>
        current.NextTurnAt > now || current.Status == RuntimeStatus.GenerationInProgress
            ? current
            : current with { NextTurnAt = TurnSlots.Next(current.TurnSchedule, now), UpdatedAt = now };

    /// <summary>What an engine reported: its turn, healthy, observed now.</summary>
    public static RuntimeRecord Observed(RuntimeRecord current, int engineTurn, DateTimeOffset now) =>
        current with
        {
            CurrentTurn = engineTurn,
            EngineHealth = EngineHealthSummaries.Healthy,
            LastObservedAt = now,
            UpdatedAt = now,
        };

    /// <summary>
    /// A health event (SPEC §6): it always sets the engine health summary, and some events move the status too,
    /// but only from the status they expect (<see cref="HealthEventRules.TransitionOf"/>). An event about another
    /// engine than the record's (<see cref="HealthEventRules.IsStale"/>) changes nothing.
    /// </summary>
    public static RuntimeRecord ApplyHealthEvent(RuntimeRecord current, HealthEvent healthEvent, DateTimeOffset now)
    {
        if (HealthEventRules.IsStale(current, healthEvent))
        {
            return current;
        }
        var type = healthEvent.Type;
        var next = HealthEventRules.TransitionOf(type) is { } transition && current.Status == transition.From
            ? current.TransitionTo(transition.To, now)
            : current with { UpdatedAt = now };
        return next with
        {
            EngineHealth = HealthEventRules.SummaryOf(type),
            LastObservedAt = now,
            LastHealthEvent = WireNames<HealthEventType>.Name(type),
            LastHealthEventAt = healthEvent.OccurredAt,
            LastHealthEventDetails = healthEvent.Details,
        };
    }

    /// <summary>The scheduler skips a paused game's slots. Pausing a paused game changes nothing but the time.</summary>
    public static RuntimeRecord Pause(RuntimeRecord current, DateTimeOffset now) =>
        InPlay(current, "paused") with { Paused = true, PausedAt = current.PausedAt ?? now, UpdatedAt = now };

    /// <summary>Turns resume at the next slot; a <c>generation_failed</c> game still needs a forced turn.</summary>
    public static RuntimeRecord Resume(RuntimeRecord current, DateTimeOffset now) =>
        InPlay(current, "resumed") with { Paused = false, PausedAt = null, UpdatedAt = now };

    /// <summary>The next turn is played now, also on a paused or <c>generation_failed</c> game (the paused flag stays).</summary>
    public static RuntimeRecord ForceNextTurn(RuntimeRecord current, DateTimeOffset now) => current.Status switch
    {
        RuntimeStatus.Running or RuntimeStatus.GenerationFailed => current with { SkipNextTick = true, UpdatedAt = now },
        RuntimeStatus.GenerationInProgress => throw OrreryException.Conflict(
            $"Turn {current.CurrentTurn + 1} of game {current.GameId} is being generated; force the next one when it is done."),
        _ => throw OrreryException.InvalidTransition(
            $"Game {current.GameId} is {WireNames<RuntimeStatus>.Name(current.Status)}; only a running or generation_failed game can play a turn."),
    };

    /// <summary>A game that kept its place on the clock resumes there; one that lost it waits for its next slot.</summary>
    public static DateTimeOffset? KeepSlotOrNext(RuntimeRecord current, DateTimeOffset now) =>
        current.NextTurnAt > now ? current.NextTurnAt : TurnSlots.Next(current.TurnSchedule, now);

    private static RuntimeRecord InProgress(RuntimeRecord current) =>
        current.Status == RuntimeStatus.GenerationInProgress
            ? current
            : throw OrreryException.InvalidTransition(
                $"Game {current.GameId} is {WireNames<RuntimeStatus>.Name(current.Status)}; no turn is in progress to end.");

    private static RuntimeRecord InPlay(RuntimeRecord current, string what) =>
        RuntimeTransitions.IsTerminal(current.Status)
            ? throw OrreryException.InvalidTransition(
                $"Game {current.GameId} is {WireNames<RuntimeStatus>.Name(current.Status)}; only a game in play can be {what}.")
            : current;
}

/// <summary>The engine a launch put up, and what it runs.</summary>
public sealed record LaunchedEngine(EngineInstance Instance, string ImageRef, string Version, string StatePath);
