using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Streams;

namespace Orrery.Api;

/// <summary>
/// <c>GET /api/v1/events</c> (SPEC §11): Server-Sent Events of runtime changes for the dashboard and operators.
/// It follows the lobby stream (status, health, turns, pauses, failures) and the operation events (every operation
/// beginning and ending). Each event's id is a <see cref="FeedCursor"/> over both, so <c>Last-Event-ID</c> resumes
/// exactly; without one the feed starts now.
/// </summary>
public static class EventFeedEndpoints
{
    /// <summary>The streams of the feed, in the order of the positions of its event ids.</summary>
    public static readonly IReadOnlyList<string> Streams = [StreamNames.LobbyEvents, OperationEvents.Stream];

    public static IEndpointRouteBuilder MapEventFeed(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", Follow).WithTags("Streams").RequireAuthorization(Roles.Viewer);
        return api;
    }

    /// <summary>Follows the feed until the client leaves. <c>lastEventId</c> in the query stands in for the header.</summary>
    public static IResult Follow(
        MergedStreamReader reader, TimeProvider time, CancellationToken cancellationToken,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader = null, string? lastEventId = null)
    {
        var resumeFrom = lastEventIdHeader ?? lastEventId;
        FeedCursor from;
        if (string.IsNullOrEmpty(resumeFrom))
        {
            from = FeedCursor.At(Streams.Count, new StreamEntryId(time.GetUtcNow().ToUnixTimeMilliseconds(), 0));
        }
        else if (!FeedCursor.TryParse(resumeFrom, Streams.Count, out from!))
        {
            throw OrreryException.InvalidInput(
                $"Last-Event-ID must be {Streams.Count} stream entry ids joined by ',' (an id this feed sent), not '{resumeFrom}'.");
        }
        return TypedResults.ServerSentEvents(Events(reader, from, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<FeedEventResponse>> Events(
        MergedStreamReader reader, FeedCursor from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first event at once: the client knows it is connected (and where it is) before anything happens.
        yield return new SseItem<FeedEventResponse>(new FeedEventResponse("", "", new Dictionary<string, string>()), "ready") { EventId = from.ToString() };
        await foreach (var merged in reader.FollowAsync(Streams, from, cancellationToken))
        {
            var type = merged.Entry.Fields.GetValueOrDefault("event_type") ?? "entry";
            yield return new SseItem<FeedEventResponse>(new FeedEventResponse(merged.Stream, merged.Entry.Id, merged.Entry.Fields), type)
            {
                EventId = merged.Cursor.ToString(),
            };
        }
    }
}
