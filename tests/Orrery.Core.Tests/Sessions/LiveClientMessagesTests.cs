using System.Text;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

public sealed class LiveClientMessagesTests
{
    [Theory]
    [InlineData("""{"type":"ping"}""", null)]
    [InlineData("""{ "type" : "ping" , "id" : "abc" }""", "abc")]
    [InlineData("""{"id":"7","type":"ping"}""", "7")]
    [InlineData("""{"type":"ping","id":""}""", "")]
    public void A_ping_is_read_with_its_id(string json, string? expectedId)
    {
        Assert.True(LiveClientMessages.TryReadPing(Encoding.UTF8.GetBytes(json), out var id));
        Assert.Equal(expectedId, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ping")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"ping\"")]
    [InlineData("{}")]
    [InlineData("""{"type":"pong"}""")]
    [InlineData("""{"type":"PING"}""")]
    [InlineData("""{"type":1}""")]
    [InlineData("""{"type":"ping","id":5}""")]
    [InlineData("""{"type":"ping","id":null}""")]
    [InlineData("""{"type":"ping","extra":true}""")]
    [InlineData("""{"type":"ping","type":"ping"}""")]
    [InlineData("""{"type":"ping","id":"a","id":"b"}""")]
    [InlineData("""{"type":"ping"} {"type":"ping"}""")]
    [InlineData("""{"type":"ping"}x""")]
    [InlineData("""{"type":"ping","id":{"nested":1}}""")]
    public void Anything_else_is_refused(string json)
    {
        Assert.False(LiveClientMessages.TryReadPing(Encoding.UTF8.GetBytes(json), out var id));
        Assert.Null(id);
    }

    [Fact]
    public void Invalid_utf8_is_refused() =>
        Assert.False(LiveClientMessages.TryReadPing([(byte)'{', 0xFF, 0xFE, (byte)'}'], out _));
}
