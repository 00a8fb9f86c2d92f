using System.Collections.Immutable;
using Orrery.Specs;

namespace Orrery.Runtime;

/// <summary>
/// Where the status changes of game runtimes are reported as steps of the <c>game-runtime</c> specification
/// (SPEC §9: instance id = game id), so the learned model of a running system can be checked against the table.
/// Called on the write path after every committed change: implementations must not block.
/// </summary>
public interface IRuntimeStepLog
{
    /// <summary>The game's record changed status by <paramref name="steps"/>, in order (a new record starts with the initialisation).</summary>
    void Record(Guid gameId, ImmutableArray<SpexTransition> steps);

    /// <summary>The game and its record were deleted.</summary>
    void Deleted(Guid gameId);
}
