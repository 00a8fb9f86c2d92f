using Orrery.Games;
using Orrery.Runtime;

namespace Orrery.Lifecycle.Handlers;

/// <summary>What an operation is admitted on.</summary>
/// <param name="Status">
/// The game's status: at intake, the one the operations already queued for it will leave (<see cref="IOperationHandler.ProjectedStatus"/>);
/// at the worker, the stored one. Null when the game has no runtime record (yet).
/// </param>
/// <param name="Record">The stored runtime record, for what it says besides the status (the engine version it runs).</param>
/// <param name="TargetVersion">The version a patch moves to; null for the other kinds.</param>
public sealed record AdmissionRequest(Game Game, RuntimeStatus? Status, RuntimeRecord? Record, string? TargetVersion, AdmissionPoint Point);

/// <summary>Where an operation is judged.</summary>
public enum AdmissionPoint
{
    /// <summary>When it is requested: a refusal is the API's answer.</summary>
    Intake,

    /// <summary>
    /// When a worker is about to run it. A worker also accepts the status the operation itself leads to: a re-run
    /// after a crash mid-way, or a game that got there meanwhile, finishes the work instead of failing it.
    /// </summary>
    Worker,
}
