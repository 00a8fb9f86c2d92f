namespace Orrery.ReferenceEngine.Hosting;

/// <summary>How an init or turn request ended.</summary>
internal enum GameCommandStatus
{
    /// <summary>Done; the result carries the current state.</summary>
    Ok,

    /// <summary>No game yet: init has not run.</summary>
    NotInitialised,

    /// <summary>The state directory holds another game.</summary>
    OtherGame,

    /// <summary>The game is over; no more turns.</summary>
    Finished,

    /// <summary>
    /// The caller expected another current turn (the fencing token of <c>PUT /turn?expectedTurn=</c>); nothing was
    /// generated and the result carries the current state.
    /// </summary>
    TurnMismatch,

    /// <summary>The engine failed (injected fault, or the state could not be saved); state unchanged.</summary>
    Failed,
}
