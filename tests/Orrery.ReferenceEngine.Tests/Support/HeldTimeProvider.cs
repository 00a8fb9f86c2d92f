namespace Orrery.ReferenceEngine.Tests.Support;

/// <summary>A clock whose timers fire only when the test says so, to hold a turn inside its delay.</summary>
internal sealed class HeldTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<HeldTimer> _timers = [];

    /// <summary>Timers created and not yet fired.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    /// <summary>Fires every held timer once.</summary>
    public void ReleaseAll()
    {
        HeldTimer[] due;
        lock (_gate)
        {
            due = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class HeldTimer(TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => !_disposed;

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
