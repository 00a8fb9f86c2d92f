using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Errors;

namespace Orrery.Lifecycle;

/// <summary>
/// Waits for a freshly started engine to answer <c>/healthz</c> (SPEC §4: 1 s per probe, every 200 ms,
/// 30 s at most), giving up early when the host reports the engine already exited.
/// During the first two seconds probes come every 25 ms: an engine is usually up within a few hundred
/// milliseconds, and a 200 ms step would add ~100 ms to every start. A refused loopback connection costs
/// microseconds, so the faster cadence is cheap.
/// </summary>
public sealed class EngineReadiness(IEngineClient engines, IEngineHost host, TimeProvider time, IOptions<LifecycleOptions> options)
{
    public async Task<bool> WaitUntilHealthyAsync(EngineInstance engine, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var deadline = started + (long)(settings.HealthzDeadline.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            using (var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                probe.CancelAfter(settings.HealthzProbeTimeout);
                if (await engines.IsHealthyAsync(engine.Endpoint, probe.Token))
                {
                    return true;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();

            if (await host.InspectAsync(engine.Id, cancellationToken) is { Running: false } exited)
            {
                throw new OrreryException(ErrorCodes.EngineStartFailed,
                    $"The engine exited during start-up (exit code {exited.ExitCode?.ToString() ?? "unknown"}).");
            }
            if (time.GetTimestamp() >= deadline)
            {
                throw new OrreryException(ErrorCodes.EngineUnreachable,
                    $"The engine did not answer /healthz within {settings.HealthzDeadline.TotalSeconds:0.#} s.");
            }
            var interval = time.GetElapsedTime(started) < settings.HealthzFastPhase ? settings.HealthzFastProbeInterval : settings.HealthzProbeInterval;
            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
