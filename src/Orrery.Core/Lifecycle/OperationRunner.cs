using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Lifecycle.Handlers;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Lifecycle;

/// <summary>
/// Runs one queued operation: marks it running, hands it to the handler of its kind, and records the final
/// status with a specific error code. An operation interrupted by shutdown stays <c>running</c> for recovery.
/// </summary>
public sealed partial class OperationRunner(
    OperationHandlers handlers,
    OperationJournal journal,
    OrreryMetrics metrics,
    TimeProvider time,
    ILogger<OperationRunner> logger)
{
    public async Task<Operation> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        operation = await journal.BeginAsync(operation, cancellationToken);

        Operation final;
        try
        {
            var outcome = await handlers.RunAsync(operation, cancellationToken);
            final = await journal.SucceedAsync(operation with { ImageRef = outcome.ImageRef, EngineId = outcome.EngineId });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var (code, message) = Classify(ex);
            Log.OperationFailed(logger, operation.Id, WireNames<OperationKind>.Name(operation.Kind), operation.GameId, code, message,
                code == ErrorCodes.InternalError ? ex : null);
            final = await journal.FailAsync(operation, code, message);
        }

        metrics.OperationDuration.Record(time.GetElapsedTime(started).TotalSeconds,
            new TagList { { "op", WireNames<OperationKind>.Name(final.Kind) } });
        return final;
    }

    private static (string Code, string Message) Classify(Exception ex) => ex switch
    {
        OrreryException orrery => (orrery.Code, orrery.Message),
        EngineCallException engine => (ErrorCodes.EngineUnreachable, engine.Message),
        _ => (ErrorCodes.InternalError, ex.Message),
    };
}
