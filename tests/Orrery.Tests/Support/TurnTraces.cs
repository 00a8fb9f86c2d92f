using System.Collections.Concurrent;
using System.Diagnostics;
using Orrery.Observability;
using Orrery.Scheduling;

namespace Orrery.Tests.Support;

/// <summary>The <c>orrery.turn</c> activities of one game, as a tracer would receive them (tests run in parallel: filtered by game).</summary>
public sealed class TurnTraces : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _turns = new();

    public TurnTraces(Guid gameId)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrreryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == TurnActivity.Name && (string?)activity.GetTagItem(TurnActivity.GameIdTag) == gameId.ToString())
                {
                    _turns.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The game's turns in the order they ended.</summary>
    public IReadOnlyList<Activity> Turns => [.. _turns];

    public void Dispose() => _listener.Dispose();
}
