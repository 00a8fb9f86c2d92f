namespace Orrery.Operations;

/// <summary>Progress of an operation; <see cref="Succeeded"/> and <see cref="Failed"/> are final.</summary>
public enum OperationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
