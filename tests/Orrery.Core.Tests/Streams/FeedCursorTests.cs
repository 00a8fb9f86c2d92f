using Orrery.Streams;

namespace Orrery.Core.Tests.Streams;

public sealed class FeedCursorTests
{
    [Fact]
    public void A_cursor_reads_back_what_it_writes()
    {
        var cursor = FeedCursor.At(2, StreamEntryId.Zero).With(0, new StreamEntryId(1700000000000, 3));

        cursor.ToString().ShouldBe("1700000000000-3,0-0");
        FeedCursor.TryParse(cursor.ToString(), 2, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(cursor);
        parsed![0].ShouldBe(new StreamEntryId(1700000000000, 3));
        parsed[1].ShouldBe(StreamEntryId.Zero);
    }

    [Fact]
    public void Moving_one_stream_leaves_the_cursor_it_came_from_as_it_was()
    {
        var before = FeedCursor.At(2, StreamEntryId.Zero);

        var after = before.With(1, new StreamEntryId(5, 0));

        before.ToString().ShouldBe("0-0,0-0");
        after.ToString().ShouldBe("0-0,5-0");
        after.ShouldNotBe(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1-0")]
    [InlineData("1-0,2-0,3-0")]
    [InlineData("1-0,x")]
    [InlineData("1-0,-1-0")]
    public void Anything_but_one_entry_id_per_stream_is_refused(string? text) =>
        FeedCursor.TryParse(text, 2, out _).ShouldBeFalse();
}
