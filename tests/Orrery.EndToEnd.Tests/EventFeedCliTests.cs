using System.Net.Http.Json;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests;

/// <summary><c>orrery events feed</c> against the real binary: the live feed, and resuming it by event id.</summary>
public sealed class EventFeedCliTests() : EmbeddedNodeTest("feed")
{
    [Fact]
    public async Task Feed_FromTheStart_ShowsTheStartAndResumesAfterAnyEventId()
    {
        Node = await OrreryProcess.StartAsync(DataDirectory);
        using var node = new NodeClient(Node.Url);
        var gameId = await node.RegisterGameAsync("Andorians", "Cygnans");
        (await node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded");

        var (exit, output) = await Node.RunCliAsync("events", "feed", "--last-event-id", "0-0,0-0", "--count", "3", "--json");

        exit.ShouldBe(0, output);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList();
        events.Count.ShouldBe(3, output);
        var types = events.Select(e => (e.GetProperty("fields").GetProperty("event_type").GetString(), e.GetProperty("fields").GetProperty("game_id").GetString())).ToList();
        types.ShouldContain(("operation_changed", gameId.ToString()));
        types.ShouldContain(("runtime_snapshot_update", gameId.ToString()));

        // Resuming after the first event: on each stream the feed goes on with the entry right after that event's
        // position there (no gap, no repeat); which stream speaks first is not ordered.
        var cursor = events[0].GetProperty("id").GetString()!;
        var positions = cursor.Split(',');
        var (_, resumed) = await Node.RunCliAsync("events", "feed", "--last-event-id", cursor, "--count", "2", "--json");
        var resumedEvents = resumed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList();
        resumedEvents.Count.ShouldBe(2, resumed);
        foreach (var stream in resumedEvents.GroupBy(e => e.GetProperty("stream").GetString()!))
        {
            var position = positions[stream.Key == "gm:lobby_events" ? 0 : 1];
            var next = (await node.Http.GetFromJsonAsync<Orrery.Api.StreamReadResponse>(
                $"streams/{stream.Key}/entries?after={position}&count=1", NodeClient.Json, TestContext.Current.CancellationToken))!.Entries.Single();
            stream.First().GetProperty("entryId").GetString().ShouldBe(next.Id);
        }
    }
}
