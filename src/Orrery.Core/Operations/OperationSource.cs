namespace Orrery.Operations;

/// <summary>Who asked for an operation.</summary>
public enum OperationSource
{
    Lobby,
    Admin,
    System,
}
