namespace Orrery.Engines.Tests.Support;

/// <summary>Waits for an engine to answer <c>/healthz</c>. A readiness wait with a generous deadline, never a timing assertion.</summary>
internal static class EngineReadiness
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task WaitUntilHealthyAsync(IEngineClient client, Uri endpoint, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        while (true)
        {
            using (var probe = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
            {
                probe.CancelAfter(TimeSpan.FromSeconds(2));
                if (await client.IsHealthyAsync(endpoint, probe.Token))
                {
                    return;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The engine at {endpoint} did not answer /healthz within {Deadline.TotalSeconds} s.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow >= until)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        return true;
    }
}
