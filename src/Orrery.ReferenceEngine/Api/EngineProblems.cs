using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.ReferenceEngine.Hosting;

namespace Orrery.ReferenceEngine.Api;

/// <summary>Builds the engine's application/problem+json responses, each with its <c>code</c>.</summary>
internal static class EngineProblems
{
    public static ProblemHttpResult InvalidInput(IEnumerable<string> problems) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "Invalid input", string.Join(" ", problems));

    /// <summary>The problem for a command that did not succeed.</summary>
    public static ProblemHttpResult From(GameCommandResult result) => result.Status switch
    {
        GameCommandStatus.NotInitialised =>
            Create(StatusCodes.Status501NotImplemented, ErrorCodes.NotInitialised, "Not initialised", result.Detail),
        GameCommandStatus.OtherGame =>
            Create(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "Another game", result.Detail),
        GameCommandStatus.Finished =>
            Create(StatusCodes.Status409Conflict, ErrorCodes.GameFinished, "Game finished", result.Detail),
        GameCommandStatus.TurnMismatch => TurnMismatch(result),
        GameCommandStatus.Failed =>
            Create(StatusCodes.Status500InternalServerError, ErrorCodes.EngineError, "Engine error", result.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "Not a failure."),
    };

    /// <summary>409 <c>turn_mismatch</c>, naming the turn the game is actually at, so the caller can tell a turn played already from one it missed.</summary>
    private static ProblemHttpResult TurnMismatch(GameCommandResult result)
    {
        var current = result.State ?? throw new ArgumentException("A turn mismatch carries the current state.", nameof(result));
        return TypedResults.Problem(
            result.Detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "Turn mismatch",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = ErrorCodes.TurnMismatch,
                ["actualTurn"] = current.Turn,
                ["finished"] = current.Finished,
            });
    }

    private static ProblemHttpResult Create(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
