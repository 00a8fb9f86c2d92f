using System.Text;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

public sealed class LiveMessagesTests
{
    [Theory]
    [InlineData("p-7", """{"type":"pong","seq":12,"id":"p-7"}""")]
    [InlineData(null, """{"type":"pong","seq":12}""")]
    public void Pong_CarriesTheCurrentSeqAndTheIdOnlyWhenThePingHadOne(string? id, string expected)
    {
        var pong = LiveMessages.Pong(12, id);

        Encoding.UTF8.GetString(pong.Utf8Json.Span).ShouldBe(expected);
        pong.Seq.ShouldBe(12);
        pong.Type.ShouldBe(LiveMessageTypes.Pong);
    }

    [Fact]
    public void Finished_TypeAndSeqFirst()
    {
        var finished = LiveMessages.Finished(3, LiveEndReasons.Deleted, 9);

        Encoding.UTF8.GetString(finished.Utf8Json.Span).ShouldBe("""{"type":"finished","seq":3,"reason":"deleted","turn":9}""");
    }

    [Fact]
    public void Status_GameThatNeverStarted_HasANullRuntimeStatus()
    {
        var status = LiveMessages.Status(1, LiveGameState.Of(null, []));

        Encoding.UTF8.GetString(status.Utf8Json.Span).ShouldBe("""{"type":"status","seq":1,"runtimeStatus":null,"paused":false,"currentTurn":0,"nextTurnAt":null}""");
    }
}
