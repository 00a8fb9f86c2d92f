namespace Orrery.Runtime;

/// <summary>Where a game's engine is in its life (SPEC §3). Paused is a flag, not a status.</summary>
public enum RuntimeStatus
{
    Starting,
    Running,
    GenerationInProgress,
    GenerationFailed,
    EngineUnreachable,
    Stopped,
    Finished,
    Removed,
}
