namespace Orrery.Benchmarks;

/// <summary>Aligns benchmark windows with the wall clock, on which cron slots fall.</summary>
internal static class WallClock
{
    /// <summary>
    /// Waits until half a second past a whole second and returns that instant. Cron slots fall on whole seconds,
    /// so a window from one half second to another has no slot on its edges.
    /// </summary>
    public static async Task<DateTimeOffset> WaitForHalfSecondAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var target = WholeSecond(now).AddMilliseconds(500);
        if (target <= now)
        {
            target = target.AddSeconds(1);
        }
        await UntilAsync(target, cancellationToken);
        return target;
    }

    /// <summary>Waits until <paramref name="instant"/> on the wall clock (a timer wait, then a short spin to the instant).</summary>
    public static async Task UntilAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
        while (DateTimeOffset.UtcNow < instant)
        {
            await Task.Yield();
        }
    }

    /// <summary>The whole second at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);
}
