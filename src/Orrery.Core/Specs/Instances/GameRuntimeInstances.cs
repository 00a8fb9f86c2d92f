using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orrery.Observability;
using Orrery.Runtime;

namespace Orrery.Specs.Instances;

/// <summary>
/// Orrery checking itself (SPEC §9): every status change of a game runtime becomes a transition of instance
/// <c>&lt;gameId&gt;</c> of the built-in <c>game-runtime</c> specification, so its learned model (API, export, CI) shows
/// what the running system did, and its transition timeouts report games stuck in <c>starting</c> or
/// <c>generation_in_progress</c>. Posted to the instance's shard, never awaited: a runtime write does not wait on
/// the instance store. A game older than the recording gets its instance at its first change, in the status it left.
/// </summary>
public sealed partial class GameRuntimeInstances(SpecInstances instances, ILogger<GameRuntimeInstances> logger) : IRuntimeStepLog
{
    private static readonly string Spec = RuntimeTransitions.Specification.Name;

    public void Record(Guid gameId, ImmutableArray<SpexTransition> steps)
    {
        var id = gameId.ToString();
        foreach (var step in steps)
        {
            var posted = step.IsInitialisation
                ? instances.PostInit(Spec, id, initialState: step.To)
                : instances.PostObservedTransition(Spec, id, step.From, step.Action, step.To);
            if (!posted)
            {
                Log.NotPosted(logger, gameId, step.ToString());
                return; // the later steps would be refused without this one
            }
        }
    }

    public void Deleted(Guid gameId)
    {
        if (!instances.PostDelete(gameId.ToString()))
        {
            Log.NotPosted(logger, gameId, "delete");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.GameRuntimeInstances.NotPosted, LogLevel.Debug, "Game {GameId}: the game-runtime step {Step} was not recorded (its instance's shard does not run here or is stopping)")]
        public static partial void NotPosted(ILogger logger, Guid gameId, string step);
    }
}
