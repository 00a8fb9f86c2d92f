using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orrery.Observability;
using Orrery.Streams;

namespace Orrery.Specs.Instances;

/// <summary>
/// The error handler of every specification (SPEC §9): a deviation from a model is checked for equivalence and
/// reported, like an instance overdue in its state, as a log line, a count on a metric and an entry on
/// <see cref="DeviationEvents.Stream"/>. A report that cannot be appended is logged and never fails the shard.
/// </summary>
/// <param name="checker">Decides whether the model plus a deviation still behaves as the specification; a check that fails is reported unchecked.</param>
public sealed partial class SpecReports(
    IEventStream stream, SpecMetrics metrics, TimeProvider time, ILogger<SpecReports> logger, IModelChecker checker)
{
    /// <summary>Checks the model plus <paramref name="transition"/> against <paramref name="specification"/> and reports the verdict.</summary>
    /// <param name="modelBefore">The model without the transition.</param>
    public async Task DeviationAsync(
        Specification specification, string instanceId, SpexTransition transition, ImmutableArray<SpexTransition> modelBefore, CancellationToken cancellationToken)
    {
        EquivalenceVerdict? verdict = null;
        try
        {
            verdict = checker.Check(ImplementationModels.ToDocument(specification, modelBefore.Add(transition)), specification.Document, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CheckFailed(logger, specification.Name, transition.ToString(), ex);
        }
        var type = DeviationEvents.Type(verdict);
        Log.Deviation(logger, specification.Name, instanceId, transition.ToString(), type, string.Join(' ', verdict?.Trace ?? []), verdict?.Reason ?? "not checked");
        metrics.Deviations.Add(1, new("spec", specification.Name), new("verdict", type));
        await AppendAsync(DeviationEvents.Deviation(specification.Name, instanceId, transition, verdict, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Reports <paramref name="instance"/> as in its state longer than <paramref name="timeout"/>.</summary>
    public async Task TimeoutAsync(SpecInstance instance, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Log.TransitionTimeout(logger, instance.Spec, instance.Id, instance.State, now - instance.StateChangedAt, timeout);
        metrics.TransitionTimeouts.Add(1, new KeyValuePair<string, object?>("spec", instance.Spec));
        await AppendAsync(DeviationEvents.Timeout(instance, timeout, now), cancellationToken);
    }

    private async Task AppendAsync(Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        try
        {
            await stream.AppendAsync(DeviationEvents.Stream, fields, DeviationEvents.MaxLength, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AppendFailed(logger, fields["type"], fields["instance"], ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.SpecReports.Deviation, LogLevel.Warning, "Spec {Spec}: instance {InstanceId} made {Transition}, outside the implementation model: {Verdict} (trace: {Trace}; {Reason})")]
        public static partial void Deviation(ILogger logger, string spec, string instanceId, string transition, string verdict, string trace, string reason);

        [LoggerMessage(LogEventIds.SpecReports.TransitionTimeout, LogLevel.Warning, "Spec {Spec}: instance {InstanceId} has been in state {State} for {Elapsed}, longer than its timeout {Timeout}")]
        public static partial void TransitionTimeout(ILogger logger, string spec, string instanceId, string state, TimeSpan elapsed, TimeSpan timeout);

        [LoggerMessage(LogEventIds.SpecReports.CheckFailed, LogLevel.Error, "Spec {Spec}: the equivalence check of {Transition} failed; reported unchecked")]
        public static partial void CheckFailed(ILogger logger, string spec, string transition, Exception exception);

        [LoggerMessage(LogEventIds.SpecReports.AppendFailed, LogLevel.Warning, "Could not append the {Type} report of instance {InstanceId} to spex:deviations")]
        public static partial void AppendFailed(ILogger logger, string type, string instanceId, Exception exception);
    }
}
