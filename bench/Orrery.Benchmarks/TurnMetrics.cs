using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Benchmarks;

/// <summary>
/// Collects the scheduler's own instruments while recording: <c>orrery.turn.lateness</c> (slot -> turn begins,
/// scheduled turns only), <c>orrery.turn.duration</c> (turn begins -> outcome recorded), <c>orrery.turns</c>
/// by outcome and <c>orrery.turn.slots_merged</c>.
/// </summary>
internal sealed class TurnMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<double> _lateness = new();
    private readonly ConcurrentQueue<double> _duration = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private volatile bool _recording;
    private long _slotsMerged;

    public TurnMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrreryTelemetry.Name && instrument.Name is "orrery.turn.lateness" or "orrery.turn.duration" or "orrery.turns" or "orrery.turn.slots_merged")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (_recording)
            {
                (instrument.Name == "orrery.turn.lateness" ? _lateness : _duration).Enqueue(value * 1000);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (_recording && instrument.Name == "orrery.turn.slots_merged")
            {
                Interlocked.Add(ref _slotsMerged, value);
            }
            else if (_recording)
            {
                var outcome = tags.Length > 0 ? tags[0].Value as string ?? "?" : "?";
                _outcomes.AddOrUpdate(outcome, value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    /// <summary>Lateness of the scheduled turns that began while recording, in milliseconds.</summary>
    public IReadOnlyList<double> LatenessMs => [.. _lateness];

    /// <summary>Durations of the turns that ended while recording, in milliseconds.</summary>
    public IReadOnlyList<double> DurationMs => [.. _duration];

    /// <summary>Turns that reached <paramref name="outcome"/> (played, finished, failed) while recording.</summary>
    public long Turns(string outcome) => _outcomes.GetValueOrDefault(outcome);

    /// <summary>Slots the scheduler merged into late turns (<c>orrery.turn.slots_merged</c>) while recording.</summary>
    public long SlotsMerged => Interlocked.Read(ref _slotsMerged);

    public void Start()
    {
        _slotsMerged = 0;
        _lateness.Clear();
        _duration.Clear();
        _outcomes.Clear();
        _recording = true;
    }

    public void Stop() => _recording = false;

    public void Dispose() => _listener.Dispose();
}
