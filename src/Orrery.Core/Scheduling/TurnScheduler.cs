using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Scheduling;

/// <summary>
/// The turn clock (SPEC §5): one schedule per game with an engine, kept in a priority queue by due time and
/// played by <see cref="TurnRunner"/>. A game has at most one turn in flight; due turns beyond
/// <see cref="SchedulerOptions.MaxConcurrentTurns"/> wait for a free slot.
/// </summary>
/// <remarks>
/// The next slot is persisted in the runtime record (<c>next_turn_at</c>), so a slot missed while the node was
/// down is due at once on recovery and fires once: the slot after it is computed from the time it ran.
/// <see cref="TickAsync"/> plays whatever is due now, so tests drive the clock through an injected
/// <see cref="TimeProvider"/> instead of sleeping.
/// </remarks>
public sealed partial class TurnScheduler : BackgroundService, IShardParticipant
{
    private static readonly TimeSpan MaxIdleWait = TimeSpan.FromMinutes(1);

    private readonly RuntimeRecords _records;
    private readonly IRuntimeStore _store;
    private readonly TurnRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger<TurnScheduler> _logger;
    private readonly SemaphoreSlim _turnSlots;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, ScheduledGame> _games = [];
    private readonly PriorityQueue<ScheduledGame, DateTimeOffset> _due = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stoppingSource = new();
    private readonly CancellationToken _stopping;

    public TurnScheduler(
        RuntimeRecords records, IRuntimeStore store, TurnRunner runner, TimeProvider time,
        IOptions<SchedulerOptions> options, ILogger<TurnScheduler> logger)
    {
        _records = records;
        _store = store;
        _runner = runner;
        _time = time;
        _logger = logger;
        _turnSlots = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentTurns));
        _stopping = _stoppingSource.Token;
    }

    /// <summary>Games with a schedule.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _games.Count;
            }
        }
    }

    /// <summary>
    /// Keeps (or updates) the schedule of the game of <paramref name="record"/>: due at its <c>next_turn_at</c>, at
    /// once if it asks for a forced turn, or at the next cron slot if it has no next turn yet.
    /// </summary>
    public void Track(RuntimeRecord record)
    {
        if (RuntimeTransitions.IsTerminal(record.Status))
        {
            Forget(record.GameId);
            return;
        }

        var now = _time.GetUtcNow();
        var due = record.SkipNextTick ? now : record.NextTurnAt ?? TurnSlots.Next(record.TurnSchedule, now);
        if (due is not { } dueAt)
        {
            Log.InvalidSchedule(_logger, record.GameId, record.TurnSchedule);
            return;
        }

        lock (_gate)
        {
            if (!_games.TryGetValue(record.GameId, out var game))
            {
                game = new ScheduledGame(record.GameId);
                _games.Add(record.GameId, game);
            }
            game.Forced |= record.SkipNextTick;
            game.Due = dueAt;
            if (game.Turn is null)
            {
                _due.Enqueue(game, dueAt);
            }
        }
        Wake();
    }

    /// <summary>Drops the game's schedule and waits for its turn in flight, if any, to finish.</summary>
    public async Task SuspendAsync(Guid gameId)
    {
        var inFlight = Forget(gameId);
        if (inFlight is not null)
        {
            await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Plays every turn due now and waits for them.</summary>
    public Task TickAsync() => Task.WhenAll(DispatchDue(_time.GetUtcNow()));

    /// <summary>Schedules the shards' games (their turns interrupted by a previous owner settle in the background: <see cref="Settling"/>).</summary>
    public async Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken)
    {
        var settling = await LoadAsync(shards.Holds, cancellationToken);
        lock (_gate)
        {
            Settling = Task.WhenAll(Settling, settling);
        }
    }

    /// <summary>The settling of every turn interrupted by a previous owner that this node took up, for callers that wait for it.</summary>
    public Task Settling { get; private set; } = Task.CompletedTask;

    /// <summary>Drops the shards' schedules and waits for their turns in flight, whose writes are refused from now on anyway.</summary>
    public Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken)
    {
        List<Guid> games;
        lock (_gate)
        {
            games = [.. _games.Keys.Where(shards.Holds)];
        }
        return Task.WhenAll(games.Select(SuspendAsync)).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Schedules every game with an engine that <paramref name="owned"/> holds. Turns a previous run left in progress are
    /// settled in the background (they may wait on their engine), each holding its game's place like a turn in flight.
    /// </summary>
    /// <returns>The settling of the interrupted turns, for callers that want to wait for it.</returns>
    public async Task<Task> LoadAsync(Func<Guid, bool> owned, CancellationToken cancellationToken)
    {
        var interrupted = new List<RuntimeRecord>();
        foreach (var record in await _store.ListAsync(cancellationToken))
        {
            if (!owned(record.GameId))
            {
                continue;
            }
            if (record.Status == RuntimeStatus.GenerationInProgress)
            {
                interrupted.Add(record);
            }
            else
            {
                Track(record);
            }
        }
        Log.Scheduled(_logger, Count, interrupted.Count);

        var settling = new List<Task>();
        lock (_gate)
        {
            foreach (var record in interrupted.Where(r => !_games.ContainsKey(r.GameId)))
            {
                var game = new ScheduledGame(record.GameId);
                _games[record.GameId] = game;
                game.Turn = ResumeAsync(game, record);
                settling.Add(game.Turn);
            }
        }
        return Task.WhenAll(settling);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            DispatchDue(now);
            try
            {
                await WaitForWorkAsync(UntilNextDue(now), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _stoppingSource.Dispose();
        _turnSlots.Dispose();
        base.Dispose();
    }

    /// <summary>Lets turns in flight finish while the host allows; what it cuts short is settled by the next start.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task[] inFlight;
        lock (_gate)
        {
            inFlight = _games.Values.Select(g => g.Turn).OfType<Task>().ToArray();
        }
        await Task.WhenAll(inFlight).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stoppingSource.CancelAsync();
    }

    /// <summary>
    /// Starts every turn due at <paramref name="now"/>: their begins go to the store as one batch, then each game
    /// plays its turn on its own, at most <see cref="SchedulerOptions.MaxConcurrentTurns"/> engine calls at once.
    /// </summary>
    private List<Task> DispatchDue(DateTimeOffset now)
    {
        var due = new List<DueTurn>();
        var started = new List<Task>();
        var begins = new TaskCompletionSource<IReadOnlyList<TurnStart>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            while (_due.TryPeek(out var game, out var dueAt) && dueAt <= now)
            {
                _due.Dequeue();
                // Entries are not removed from the queue when a schedule changes; stale ones are dropped here.
                if (game.Forgotten || game.Turn is not null || game.Due != dueAt)
                {
                    continue;
                }
                var forced = game.Forced;
                game.Forced = false;
                if (game.Unsettled)
                {
                    // Its last turn hit a store failure and may have left the record in progress: settle that first.
                    game.Turn = SettleStrandedAsync(game, forced ? null : dueAt);
                    started.Add(game.Turn);
                    continue;
                }
                game.Turn = PlayAsync(game, begins.Task, due.Count);
                due.Add(new DueTurn(game.GameId, forced ? null : dueAt));
                started.Add(game.Turn);
            }
        }
        if (due.Count > 0)
        {
            _ = BeginAsync(due, begins);
        }
        return started;
    }

    private async Task BeginAsync(List<DueTurn> due, TaskCompletionSource<IReadOnlyList<TurnStart>> begins)
    {
        try
        {
            begins.SetResult(await _runner.BeginManyAsync(due, _stopping));
        }
        catch (Exception ex)
        {
            begins.SetException(ex); // each game's turn reports it
        }
    }

    /// <summary>Plays one game's turn once it has begun; only the engine call and what follows count against the concurrency limit.</summary>
    private Task PlayAsync(ScheduledGame game, Task<IReadOnlyList<TurnStart>> begins, int index) => SettleAsync(game, async () =>
    {
        var start = (await begins)[index];
        if (start.Begun is not { } begun)
        {
            return start.NotPlayed!;
        }
        await _turnSlots.WaitAsync(_stopping);
        try
        {
            return await _runner.PlayAsync(begun, _stopping);
        }
        finally
        {
            _turnSlots.Release();
        }
    });

    /// <summary>The slot of a game whose last turn failed on the store: its stranded turn settled, or the slot played, under the concurrency limit.</summary>
    private Task SettleStrandedAsync(ScheduledGame game, DateTimeOffset? slot) => SettleAsync(game, async () =>
    {
        await _turnSlots.WaitAsync(_stopping);
        try
        {
            return await _runner.SettleStrandedAsync(game.GameId, slot, _stopping);
        }
        finally
        {
            _turnSlots.Release();
        }
    });

    /// <summary>A turn interrupted by the last stop: settled as a whole under the concurrency limit.</summary>
    private Task ResumeAsync(ScheduledGame game, RuntimeRecord interrupted) => SettleAsync(game, async () =>
    {
        await _turnSlots.WaitAsync(_stopping);
        try
        {
            return await _runner.ResumeInterruptedAsync(interrupted, _stopping);
        }
        finally
        {
            _turnSlots.Release();
        }
    });

    /// <summary>Runs a game's turn, frees its place on the clock and schedules its next slot, whatever happened.</summary>
    private async Task SettleAsync(ScheduledGame game, Func<Task<TurnOutcome>> turn)
    {
        await Task.Yield(); // the dispatcher holds the gate; the turn runs outside it
        TurnOutcome? outcome = null;
        var lost = false;
        var crashed = false;
        try
        {
            outcome = await turn();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (OwnershipLostException)
        {
            lost = true; // another node owns the game now (the store refused this node's fence): its turns are that node's
        }
        catch (Exception ex)
        {
            // The store failed: keep the schedule and try again at the next slot.
            Log.TurnCrashed(_logger, game.GameId, ex);
            crashed = true;
        }
        finally
        {
            lock (_gate)
            {
                game.Turn = null;
                game.Unsettled = crashed;
            }
        }
        if (lost)
        {
            _ = Forget(game.GameId); // its turn in flight was this one, now done: nothing to wait for
            return;
        }
        Reschedule(game, outcome);
    }

    private void Reschedule(ScheduledGame game, TurnOutcome? outcome)
    {
        var now = _time.GetUtcNow();
        var next = outcome is null
            ? _records.TryGetCached(game.GameId)?.TurnSchedule is { } schedule ? TurnSlots.Next(schedule, now) : null
            : outcome.NextTurnAt;
        lock (_gate)
        {
            if (game.Forgotten)
            {
                return;
            }
            if (next is not { } due)
            {
                _games.Remove(game.GameId);
                game.Forgotten = true;
                return;
            }
            // A force that arrived during the turn makes the game due again at once.
            game.Due = game.Forced ? now : due;
            _due.Enqueue(game, game.Due);
        }
        Wake();
    }

    private Task? Forget(Guid gameId)
    {
        lock (_gate)
        {
            if (!_games.Remove(gameId, out var game))
            {
                return null;
            }
            game.Forgotten = true;
            return game.Turn;
        }
    }

    private TimeSpan UntilNextDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_due.TryPeek(out _, out var due))
            {
                return MaxIdleWait;
            }
            var wait = due - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < MaxIdleWait ? wait : MaxIdleWait;
        }
    }

    private async Task WaitForWorkAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, _time, woken.Token);
        var signal = _wake.Reader.WaitToReadAsync(woken.Token).AsTask();
        await Task.WhenAny(delay, signal);
        await woken.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>One game's place on the clock. Mutated only under the scheduler's gate.</summary>
    private sealed class ScheduledGame(Guid gameId)
    {
        public Guid GameId { get; } = gameId;
        public DateTimeOffset Due { get; set; }
        public bool Forced { get; set; }
        public Task? Turn { get; set; }
        public bool Forgotten { get; set; }

        /// <summary>
        /// Its last turn ended in a store failure (PostgreSQL unreachable): the begin or the outcome may have been
        /// written without this node knowing, leaving the record <c>generation_in_progress</c> with no turn in flight.
        /// </summary>
        public bool Unsettled { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.TurnScheduler.Scheduled, LogLevel.Information, "Turn scheduler started: {Count} games scheduled, {Interrupted} interrupted turns to settle")]
        public static partial void Scheduled(ILogger logger, int count, int interrupted);

        [LoggerMessage(LogEventIds.TurnScheduler.InvalidSchedule, LogLevel.Warning, "Game {GameId} has no valid turn schedule ('{TurnSchedule}'); its turns are not scheduled")]
        public static partial void InvalidSchedule(ILogger logger, Guid gameId, string turnSchedule);

        [LoggerMessage(LogEventIds.TurnScheduler.TurnCrashed, LogLevel.Error, "Game {GameId}: the turn could not be recorded; retrying at the next slot")]
        public static partial void TurnCrashed(ILogger logger, Guid gameId, Exception exception);
    }
}
