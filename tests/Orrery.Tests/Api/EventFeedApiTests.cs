using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Streams;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class EventFeedApiTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> AppendAsync(string stream, string value) =>
        Node.Services.GetRequiredService<IEventStream>().AppendAsync(
            stream, new Dictionary<string, string> { ["event_type"] = "test_event", ["value"] = value }, null, Ct);

    /// <summary>Opens the feed and returns its events (the opening "ready" included) as they come.</summary>
    private async IAsyncEnumerable<SseItem<FeedEventResponse>> FollowAsync(string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        await foreach (var item in SseParser.Create(body, (_, data) => JsonSerializer.Deserialize<FeedEventResponse>(data, NodeHarness.Json)!).EnumerateAsync(Ct))
        {
            yield return item;
        }
    }

    private async Task<List<SseItem<FeedEventResponse>>> TakeAsync(string? lastEventId, int count, Func<Task>? whenReady = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var taken = new List<SseItem<FeedEventResponse>>();
        await foreach (var item in FollowAsync(lastEventId).WithCancellation(timeout.Token))
        {
            if (item.EventType == "ready")
            {
                if (whenReady is not null)
                {
                    await whenReady();
                }
                continue;
            }
            if (item.Data.Fields.GetValueOrDefault("event_type") != "test_event")
            {
                continue; // the node's own events (none expected, but not this test's business)
            }
            taken.Add(item);
            if (taken.Count == count)
            {
                break;
            }
        }
        return taken;
    }

    [Fact]
    public async Task A_client_reconnecting_with_Last_Event_ID_gets_exactly_what_came_after()
    {
        await AppendAsync(StreamNames.LobbyEvents, "a");
        await AppendAsync(OperationEvents.Stream, "op-1");
        await AppendAsync(StreamNames.LobbyEvents, "b");
        var fromStart = await TakeAsync("0-0,0-0", 3);
        fromStart.Select(e => e.Data.Fields["value"]).Order().ShouldBe(["a", "b", "op-1"]);
        var afterB = fromStart.Single(e => e.Data.Fields["value"] == "b");
        afterB.EventType.ShouldBe("test_event");
        afterB.Data.Stream.ShouldBe(StreamNames.LobbyEvents);

        // Resuming after b: c on the lobby stream; on the operation stream, whatever b's id had not yet seen.
        var seenOp1 = FeedCursorSaw(afterB.EventId!, fromStart.Single(e => e.Data.Fields["value"] == "op-1").Data.EntryId);
        string[] expected = seenOp1 ? ["c", "op-2"] : ["c", "op-1", "op-2"];
        var resumed = await TakeAsync(afterB.EventId, expected.Length, async () =>
        {
            await AppendAsync(StreamNames.LobbyEvents, "c");
            await AppendAsync(OperationEvents.Stream, "op-2");
        });

        resumed.Select(e => e.Data.Fields["value"]).Order().ShouldBe(expected);
    }

    [Fact]
    public async Task Without_Last_Event_ID_the_feed_starts_now()
    {
        await AppendAsync(StreamNames.LobbyEvents, "old");

        var taken = await TakeAsync(null, 1, () => AppendAsync(StreamNames.LobbyEvents, "new"));

        taken.ShouldHaveSingleItem().Data.Fields["value"].ShouldBe("new");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1-0")]
    [InlineData("1-0,2-0,3-0")]
    public async Task A_Last_Event_ID_the_feed_never_sent_is_invalid_input(string lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "events");
        request.Headers.Add("Last-Event-ID", lastEventId);
        await (await Client.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Every_operation_is_on_the_operation_stream_as_it_begins_and_ends()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        var start = await NodeHarness.RunOperationAsync(Client, gameId, "start");
        var pause = await Client.PostAsync($"games/{gameId}/pause", null, Ct);
        var paused = (await pause.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, Ct))!;

        var read = await Client.GetFromJsonAsync<StreamReadResponse>($"streams/{OperationEvents.Stream}/entries", NodeHarness.Json, Ct);

        read!.Entries.Select(e => (e.Fields["operation_id"], e.Fields["op"], e.Fields["status"], e.Fields["game_id"])).ShouldBe(
        [
            (start.OperationId.ToString(), "start", "running", gameId.ToString()),
            (start.OperationId.ToString(), "start", "succeeded", gameId.ToString()),
            (paused.OperationId.ToString(), "pause", "succeeded", gameId.ToString()),
        ]);
    }

    [Fact]
    public async Task The_caller_is_an_admin_in_open_local_mode()
    {
        var me = await (await Client.GetAsync("me", Ct)).Content.ReadFromJsonAsync<CallerResponse>(NodeHarness.Json, Ct);
        me.ShouldBe(new CallerResponse("local", "admin", KeysRequired: false));
    }

    private static bool FeedCursorSaw(string cursor, string operationEntryId)
    {
        FeedCursor.TryParse(cursor, EventFeedEndpoints.Streams.Count, out var parsed).ShouldBeTrue();
        return parsed![1] >= StreamEntryId.Parse(operationEntryId);
    }
}
