using Orrery.Observability;

namespace Orrery.Sessions;

/// <summary>
/// A client of another replica, as a subscriber of a session on the owner: queues what the session offers and pumps
/// it to the client's replica in batches, one call at a time so the order holds. A replica that stops answering is
/// dropped like a client that stopped reading.
/// </summary>
internal sealed partial class RelayedSubscriber : ILiveSubscriber
{
    private const int MaxBatch = 64;

    private readonly ILiveRelayObserver _observer;
    private readonly LiveSendQueue _queue;
    private readonly ILogger _logger;
    private bool _left;

    public RelayedSubscriber(Guid relayId, LiveViewer viewer, ILiveRelayObserver observer, int sendQueue, ILogger logger)
    {
        RelayId = relayId;
        Viewer = viewer;
        _observer = observer;
        _logger = logger;
        _queue = new LiveSendQueue(sendQueue);
        Pumped = PumpAsync();
    }

    public Guid RelayId { get; }

    public LiveViewer Viewer { get; }

    public bool IsOpen => _queue.Closing is null;

    /// <summary>Completes when the relay ended and the client's replica was told how (when it could be).</summary>
    public Task Pumped { get; }

    public bool TryEnqueue(LiveMessage message) => _queue.TryEnqueue(message);

    public void Close(LiveCloseCode code, string reason) => _queue.TryClose(code, reason);

    /// <summary>Ends the relay without telling the client's replica: it asked to leave.</summary>
    public void Leave()
    {
        _left = true;
        Close(LiveCloseCode.Ended, "left");
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        var batch = new List<LiveFrame>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync() && !_left)
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var message))
                {
                    batch.Add(LiveFrame.From(message));
                }
                await _observer.DeliverAsync([.. batch]);
                batch.Clear();
            }
            if (!_left)
            {
                var (code, reason) = _queue.Closing!.Value;
                await _observer.CloseAsync(code, reason);
            }
        }
        catch (Exception ex)
        {
            // The client's replica is gone or too slow; its own liveness check closes the client there.
            Log.RelayLost(_logger, ex, RelayId, Viewer.Name);
            Close(LiveCloseCode.SessionMoved, "relay lost");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.RelayedSubscriber.RelayLost, LogLevel.Information, "Live relay {RelayId} of {Viewer} lost its replica: dropped")]
        public static partial void RelayLost(ILogger logger, Exception exception, Guid relayId, string viewer);
    }
}
