namespace Orrery.Sessions;

/// <summary>A subscriber attached to a game's session; disposing it detaches the subscriber (its connection ended).</summary>
public sealed class LiveAttachment : IAsyncDisposable
{
    private readonly SessionPool _pool;
    private readonly LiveSession _session;
    private readonly ILiveSubscriber _subscriber;
    private int _disposed;

    internal LiveAttachment(SessionPool pool, LiveSession session, ILiveSubscriber subscriber)
    {
        _pool = pool;
        _session = session;
        _subscriber = subscriber;
    }

    /// <summary>The incarnation the subscriber is attached to: what a client resumes with.</summary>
    public string SessionId => _session.Id;

    /// <summary>The session's current <c>seq</c>, for a <c>pong</c> (<see cref="LiveMessages.Pong"/>).</summary>
    public long Seq => _session.Seq;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            await _pool.DetachAsync(_session, _subscriber);
        }
        catch (PoolStoppedException)
        {
            // The pool stopped or crashed: the session went with it, and the subscriber was closed.
        }
    }
}
