using System.CommandLine;
using System.Text.Json;
using Orrery.Api;
using Orrery.Streams;

namespace Orrery.Cli;

/// <summary><c>orrery events tail [stream]</c>: prints a stream's entries and follows new ones live.</summary>
internal static class EventsCommand
{
    private const int WaitMilliseconds = 10_000;
    private const int PageSize = 500;

    public static Command Create()
    {
        var stream = new Argument<string>("stream") { Description = "The stream to follow.", DefaultValueFactory = _ => StreamNames.LobbyEvents };
        var from = new Option<string>("--from") { Description = "Print entries after this id (0-0: from the oldest kept).", DefaultValueFactory = _ => "0-0" };
        var noFollow = new Option<bool>("--no-follow") { Description = "Exit once the entries so far are printed." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of text." };

        var tail = new Command("tail", "Print a stream's entries and follow new ones (Ctrl+C to stop).") { stream, from, noFollow, json };
        tail.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var name = parse.GetValue(stream)!;
            var after = parse.GetValue(from)!;
            var follow = !parse.GetValue(noFollow);
            var asJson = parse.GetValue(json);
            while (!ct.IsCancellationRequested)
            {
                var wait = follow ? WaitMilliseconds : 0;
                var read = await client.GetAsync<StreamReadResponse>(
                    $"streams/{Uri.EscapeDataString(name)}/entries?after={Uri.EscapeDataString(after)}&count={PageSize}&waitMs={wait}", ct);
                foreach (var entry in read.Entries)
                {
                    Console.Out.WriteLine(asJson ? JsonSerializer.Serialize(new { id = entry.Id, fields = entry.Fields }) : Format(entry));
                }
                await Console.Out.FlushAsync(ct);
                after = read.LastId;
                if (!follow && read.Entries.Count < PageSize)
                {
                    return;
                }
            }
        }));
        return new Command("events", "The event streams.") { tail, Feed() };
    }

    /// <summary><c>orrery events feed</c>: the live feed the dashboard uses (<c>GET /api/v1/events</c>).</summary>
    private static Command Feed()
    {
        var lastEventId = new Option<string?>("--last-event-id")
        {
            Description = "Resume after this feed event id (as printed with --json); 0-0,0-0 replays what the streams keep. Default: from now.",
        };
        var count = new Option<int>("--count") { Description = "Exit after this many events (0: follow until Ctrl+C)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line, with the feed id to resume from." };

        var feed = new Command("feed", "Follow runtime changes and operations live (Ctrl+C to stop).") { lastEventId, count, json };
        feed.SetAction(CliOptions.Client(async (parse, client, ct) =>
        {
            var left = parse.GetValue(count);
            var asJson = parse.GetValue(json);
            await foreach (var item in client.FollowAsync("events", parse.GetValue(lastEventId), ct))
            {
                if (item.EventType == "ready")
                {
                    continue;
                }
                var data = JsonSerializer.Deserialize<FeedEventResponse>(item.Data, JsonSerializerOptions.Web)!;
                Console.Out.WriteLine(asJson
                    ? JsonSerializer.Serialize(new { id = item.EventId, stream = data.Stream, entryId = data.EntryId, fields = data.Fields })
                    : $"{data.Stream} {Format(new StreamEntryResponse(data.EntryId, data.Fields))}");
                await Console.Out.FlushAsync(ct);
                if (--left == 0)
                {
                    return;
                }
            }
        }));
        return feed;
    }

    /// <summary><c>id event_type key=value ...</c>: greppable, one entry per line.</summary>
    private static string Format(StreamEntryResponse entry)
    {
        var type = entry.Fields.GetValueOrDefault("event_type") ?? "-";
        var rest = entry.Fields.Where(f => f.Key != "event_type").Select(f => $"{f.Key}={f.Value}");
        return $"{entry.Id} {type} {string.Join(' ', rest)}";
    }
}
