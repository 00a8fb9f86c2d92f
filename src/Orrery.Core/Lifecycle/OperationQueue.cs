using System.Threading.Channels;
using Orrery.Operations;

namespace Orrery.Lifecycle;

/// <summary>
/// Accepted operations waiting for a worker. Bounded in total; operations of one game come out one
/// at a time and in the order they went in, while different games proceed in parallel.
/// </summary>
/// <remarks>
/// Each game has a lane. A game id sits in the ready channel only while its lane has work and no
/// worker holds it, so two workers never run the same game.
/// </remarks>
public sealed class OperationQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Lane> _lanes = [];
    private readonly Channel<Guid> _ready = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false });
    private int _depth;
    private bool _closed;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Operations accepted and not yet completed (queued or running).</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Adds the operation unless the queue is full or closed.</summary>
    /// <param name="ignoreCapacity">Re-queues recovered work that was accepted before a restart.</param>
    public bool TryEnqueue(Operation operation, bool ignoreCapacity = false)
    {
        lock (_gate)
        {
            if (_closed || (!ignoreCapacity && _depth >= Capacity))
            {
                return false;
            }

            if (!_lanes.TryGetValue(operation.GameId, out var lane))
            {
                lane = new Lane();
                _lanes.Add(operation.GameId, lane);
            }

            lane.Waiting.Enqueue(operation);
            _depth++;
            if (lane.Running is null && lane.Waiting.Count == 1)
            {
                _ready.Writer.TryWrite(operation.GameId);
            }
            return true;
        }
    }

    /// <summary>Waits for the next operation of a game that no worker holds.</summary>
    public async ValueTask<Operation> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var gameId = await _ready.Reader.ReadAsync(cancellationToken);
            lock (_gate)
            {
                // A lane withdrawn while its id waited in the channel has nothing left to run.
                if (_lanes.TryGetValue(gameId, out var lane) && lane.Running is null && lane.Waiting.Count > 0)
                {
                    lane.Running = lane.Waiting.Dequeue();
                    return lane.Running;
                }
            }
        }
    }

    /// <summary>Releases the game held by <paramref name="operation"/>, handing its next operation to a worker.</summary>
    public void Complete(Operation operation)
    {
        lock (_gate)
        {
            _depth--;
            var lane = _lanes[operation.GameId];
            lane.Running = null;
            lane.Done.TrySetResult();
            lane.Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (lane.Waiting.Count > 0)
            {
                _ready.Writer.TryWrite(operation.GameId);
            }
            else
            {
                _lanes.Remove(operation.GameId);
            }
        }
    }

    /// <summary>The kind of the game's most recently accepted unfinished operation, if any.</summary>
    public OperationKind? LastPendingKind(Guid gameId)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(gameId, out var lane))
            {
                return null;
            }
            return lane.Waiting.Count > 0 ? lane.Waiting.Last().Kind : lane.Running?.Kind;
        }
    }

    /// <summary>The game's unfinished operations: the running one first, then the waiting ones in order.</summary>
    public IReadOnlyList<Operation> Pending(Guid gameId)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(gameId, out var lane))
            {
                return [];
            }
            return lane.Running is null ? [.. lane.Waiting] : [lane.Running, .. lane.Waiting];
        }
    }

    /// <summary>True while <paramref name="operationId"/> is waiting or running here.</summary>
    public bool Holds(Guid operationId)
    {
        lock (_gate)
        {
            return _lanes.Values.Any(l => l.Running?.Id == operationId || l.Waiting.Any(o => o.Id == operationId));
        }
    }

    /// <summary>
    /// Takes the waiting operations of the games <paramref name="games"/> holds off the queue (another node runs them
    /// now) and returns, for each of those games with a running operation, a task that completes when it does.
    /// </summary>
    public IReadOnlyList<Task> Withdraw(Func<Guid, bool> games)
    {
        lock (_gate)
        {
            var running = new List<Task>();
            foreach (var (gameId, lane) in _lanes.Where(l => games(l.Key)).ToList())
            {
                _depth -= lane.Waiting.Count;
                lane.Waiting.Clear();
                if (lane.Running is null)
                {
                    _lanes.Remove(gameId); // its id may still sit in the ready channel: DequeueAsync skips it
                }
                else
                {
                    running.Add(lane.Done.Task);
                }
            }
            return running;
        }
    }

    /// <summary>Stops accepting operations; what is queued stays for the workers that remain.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private sealed class Lane
    {
        public Queue<Operation> Waiting { get; } = new();
        public Operation? Running { get; set; }

        /// <summary>Completes when the running operation does.</summary>
        public TaskCompletionSource Done { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
