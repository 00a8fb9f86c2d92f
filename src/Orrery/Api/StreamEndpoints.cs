using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Streams;

namespace Orrery.Api;

/// <summary>
/// Reads of the event streams (SPEC §6), for <c>orrery events tail</c> and operators: entries after an id,
/// optionally waiting (long poll) for the next ones.
/// </summary>
public static partial class StreamEndpoints
{
    public const int MaxCount = 1_000;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public static RouteGroupBuilder MapStreams(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/streams").WithTags("Streams");
        group.MapGet("/{stream}/entries", Read).RequireAuthorization(Roles.Viewer);
        return group;
    }

    /// <summary>Up to <c>count</c> entries after <c>after</c> (default <c>0-0</c>), waiting up to <c>waitMs</c> when there are none.</summary>
    public static async Task<Ok<StreamReadResponse>> Read(
        string stream, IEventStream streams, CancellationToken cancellationToken,
        string? after = null, int? count = null, int? waitMs = null)
    {
        if (!StreamName().IsMatch(stream))
        {
            throw OrreryException.InvalidInput("stream must be 1 to 100 characters of a-z, 0-9, '_', ':', '.' or '-'.");
        }
        var take = count ?? 100;
        if (take is < 1 or > MaxCount)
        {
            throw OrreryException.InvalidInput($"count must be between 1 and {MaxCount}.");
        }
        var wait = TimeSpan.FromMilliseconds(waitMs ?? 0);
        if (wait < TimeSpan.Zero || wait > MaxWait)
        {
            throw OrreryException.InvalidInput($"waitMs must be between 0 and {MaxWait.TotalMilliseconds:0}.");
        }

        var afterId = after ?? "0-0";
        IReadOnlyList<StreamEntry> entries;
        try
        {
            entries = await streams.ReadAsync(stream, afterId, take, wait, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw OrreryException.InvalidInput(ex.Message);
        }
        var lastId = entries.Count > 0 ? entries[^1].Id : afterId;
        return TypedResults.Ok(new StreamReadResponse(stream, entries.Select(e => new StreamEntryResponse(e.Id, e.Fields)).ToList(), lastId));
    }

    [GeneratedRegex("^[a-z0-9_:.-]{1,100}$")]
    private static partial Regex StreamName();
}
