namespace Orrery.Operations;

/// <summary>What an operation does (SPEC §2).</summary>
public enum OperationKind
{
    Start,
    Stop,
    Pause,
    Resume,
    Restart,
    Patch,
    ForceNextTurn,
    Reconcile,
}
