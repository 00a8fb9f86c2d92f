using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Tests.Support;
using Orrery.Versions;

namespace Orrery.Tests.Lifecycle;

/// <summary>
/// Operation admission, kind x status x version: a queued operation is judged when it is requested and again when a
/// worker runs it, and both must give the same answer with the same code. The one intended difference is listed
/// here, not taken from the code under test: a worker also accepts the status the operation itself leads to (a start
/// finding the game starting or running, a stop finding it stopped), so a re-run after a crash, or an engine adopted
/// in between, finishes the work instead of failing it.
/// </summary>
public sealed class AdmissionTableTests : IAsyncLifetime
{
    private const string PatchTarget = "1.0.1";

    /// <summary>The codes of an operation refused before it changes anything.</summary>
    private static readonly HashSet<string> AdmissionCodes =
        [ErrorCodes.InvalidTransition, ErrorCodes.InvalidInput, ErrorCodes.NotFound, ErrorCodes.SemverPatchOnly, ErrorCodes.Conflict];

    private SchedulerRig _rig = null!;

    public async ValueTask InitializeAsync()
    {
        _rig = await SchedulerRig.CreateAsync();
        await _rig.Get<EngineVersionRegistry>().RegisterAsync(PatchTarget, "builtin:reference-engine", false, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    public static TheoryData<OperationKind, RuntimeStatus?, bool> Cells()
    {
        var cells = new TheoryData<OperationKind, RuntimeStatus?, bool>();
        foreach (var kind in new[] { OperationKind.Start, OperationKind.Stop, OperationKind.Restart, OperationKind.Patch })
        {
            foreach (var status in Enum.GetValues<RuntimeStatus>().Select(s => (RuntimeStatus?)s).Prepend(null))
            {
                cells.Add(kind, status, false);
                cells.Add(kind, status, true);
            }
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Intake_and_worker_admit_the_same_operations_with_the_same_codes(OperationKind kind, RuntimeStatus? status, bool versionDeprecated)
    {
        var gameId = await _rig.GameInAsync(status);
        if (versionDeprecated)
        {
            // The version the operation would run: a patch's target, the game's own version otherwise.
            await _rig.Get<EngineVersionRegistry>().RegisterAsync(
                kind == OperationKind.Patch ? PatchTarget : "1.0.0", "builtin:reference-engine", true, CancellationToken.None);
        }

        var atIntake = await IntakeAsync(gameId, kind);
        var atWorker = await WorkerAsync(gameId, kind, queued: atIntake is null);

        var rerunTolerated = atIntake == ErrorCodes.InvalidTransition && atWorker is null && LeadsTo(kind, status);
        if (!rerunTolerated)
        {
            atWorker.ShouldBe(atIntake, $"{kind} of a game {status?.ToString() ?? "never started"} (version deprecated: {versionDeprecated})");
        }
    }

    /// <summary>The statuses an operation itself leaves a game in, which its worker finds after a crash mid-way.</summary>
    private static bool LeadsTo(OperationKind kind, RuntimeStatus? status) => (kind, status) switch
    {
        (OperationKind.Start, RuntimeStatus.Starting or RuntimeStatus.Running) => true,
        (OperationKind.Stop, RuntimeStatus.Stopped) => true,
        _ => false,
    };

    /// <returns>The code the request was refused with; null when it was accepted (it is then queued).</returns>
    private async Task<string?> IntakeAsync(Guid gameId, OperationKind kind)
    {
        try
        {
            await _rig.Get<LifecycleService>().RequestAsync(gameId, kind, OperationSource.Admin, null, TargetOf(kind), CancellationToken.None);
            return null;
        }
        catch (OrreryException ex)
        {
            return ex.Code;
        }
    }

    /// <summary>Runs the operation as a worker would: the one queued at intake, or a row for the same request if intake refused it.</summary>
    /// <returns>The admission code the worker failed it with; null when the worker went past admission.</returns>
    private async Task<string?> WorkerAsync(Guid gameId, OperationKind kind, bool queued)
    {
        Operation ran;
        if (queued)
        {
            ran = await _rig.RunQueuedAsync();
        }
        else
        {
            var row = (await _rig.Get<IOperationStore>().InsertAsync(new Operation
            {
                Id = Guid.NewGuid(),
                GameId = gameId,
                Kind = kind,
                Source = OperationSource.Admin,
                Status = OperationStatus.Queued,
                TargetVersion = TargetOf(kind),
                CreatedAt = _rig.Clock.GetUtcNow(),
            }, CancellationToken.None)).Operation;
            ran = await _rig.Get<OperationRunner>().RunAsync(row, CancellationToken.None);
        }
        return ran.ErrorCode is { } code && AdmissionCodes.Contains(code) ? code : null;
    }

    private static string? TargetOf(OperationKind kind) => kind == OperationKind.Patch ? PatchTarget : null;
}
