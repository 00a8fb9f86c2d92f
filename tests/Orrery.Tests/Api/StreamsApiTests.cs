using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Api;
using Orrery.Streams;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class StreamsApiTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> AppendAsync(string stream, string value) =>
        Node.Services.GetRequiredService<IEventStream>().AppendAsync(stream, new Dictionary<string, string> { ["value"] = value }, null, Ct);

    [Fact]
    public async Task Entries_after_an_id_come_back_oldest_first_with_the_last_id()
    {
        var first = await AppendAsync("test:stream", "a");
        var second = await AppendAsync("test:stream", "b");

        var all = await Client.GetFromJsonAsync<StreamReadResponse>("streams/test:stream/entries", NodeHarness.Json, Ct);
        all!.Entries.Select(e => e.Fields["value"]).ShouldBe(["a", "b"]);
        all.LastId.ShouldBe(second);

        var after = await Client.GetFromJsonAsync<StreamReadResponse>($"streams/test:stream/entries?after={first}", NodeHarness.Json, Ct);
        after!.Entries.ShouldHaveSingleItem().Id.ShouldBe(second);

        var none = await Client.GetFromJsonAsync<StreamReadResponse>($"streams/test:stream/entries?after={second}", NodeHarness.Json, Ct);
        none!.Entries.ShouldBeEmpty();
        none.LastId.ShouldBe(second);
    }

    [Fact]
    public async Task A_waiting_read_returns_the_entry_appended_while_it_waits()
    {
        var read = Client.GetFromJsonAsync<StreamReadResponse>("streams/test:live/entries?waitMs=10000", NodeHarness.Json, Ct);
        await Task.Delay(50, Ct);
        await AppendAsync("test:live", "late");

        (await read)!.Entries.ShouldHaveSingleItem().Fields["value"].ShouldBe("late");
    }

    [Theory]
    [InlineData("streams/Bad%20Name/entries")]
    [InlineData("streams/gm:lobby_events/entries?after=yesterday")]
    [InlineData("streams/gm:lobby_events/entries?count=0")]
    [InlineData("streams/gm:lobby_events/entries?count=1001")]
    [InlineData("streams/gm:lobby_events/entries?waitMs=-1")]
    [InlineData("streams/gm:lobby_events/entries?waitMs=30001")]
    public async Task Bad_reads_are_invalid_input(string path) =>
        await (await Client.GetAsync(path, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
}
