using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// Runs one queued operation: marks it running, performs it, and records the final status with a
/// specific error code. An operation interrupted by shutdown stays <c>running</c> for recovery to settle.
/// </summary>
public sealed partial class OperationRunner(
    IOperationStore operations,
    EngineLauncher launcher,
    EngineStopper stopper,
    TimeProvider time,
    ILogger<OperationRunner> logger)
{
    public async Task<Operation> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        operation = operation.MarkRunning(time.GetUtcNow());
        await operations.UpdateAsync(operation, cancellationToken);

        Operation final;
        try
        {
            var outcome = await PerformAsync(operation, cancellationToken);
            final = (operation with { ImageRef = outcome.ImageRef, EngineId = outcome.EngineId }).MarkSucceeded(time.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var (code, message) = Classify(ex);
            Log.OperationFailed(logger, operation.Id, WireNames<OperationKind>.Name(operation.Kind), operation.GameId, code, message, code == ErrorCodes.InternalError ? ex : null);
            final = operation.MarkFailed(code, message, time.GetUtcNow());
        }

        // The outcome must be recorded even if shutdown begins right now.
        await operations.UpdateAsync(final, CancellationToken.None);
        var kind = WireNames<OperationKind>.Name(final.Kind);
        OrreryTelemetry.OperationsCompleted.Add(1, new TagList { { "op", kind }, { "outcome", final.ErrorCode ?? "succeeded" } });
        OrreryTelemetry.OperationDuration.Record(time.GetElapsedTime(started).TotalSeconds, new TagList { { "op", kind } });
        return final;
    }

    private Task<OperationOutcome> PerformAsync(Operation operation, CancellationToken cancellationToken) => operation.Kind switch
    {
        OperationKind.Start => launcher.StartAsync(operation.GameId, cancellationToken),
        OperationKind.Stop => stopper.StopAsync(operation.GameId, cancellationToken),
        _ => throw OrreryException.InvalidInput($"Operation {WireNames<OperationKind>.Name(operation.Kind)} is not run by workers."),
    };

    private static (string Code, string Message) Classify(Exception ex) => ex switch
    {
        OrreryException orrery => (orrery.Code, orrery.Message),
        EngineCallException engine => (ErrorCodes.EngineUnreachable, engine.Message),
        _ => (ErrorCodes.InternalError, ex.Message),
    };
}
