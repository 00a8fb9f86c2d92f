using Orrery.ReferenceEngine.Hosting;

namespace Orrery.ReferenceEngine.Tests.Hosting;

public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData(null, null, null, ListenUrls.Default)]
    [InlineData(null, "9001", null, "http://127.0.0.1:9001")]
    [InlineData(null, "9001", "http://0.0.0.0:80", "http://127.0.0.1:9001")]
    [InlineData(null, null, "http://0.0.0.0:80", null)]
    [InlineData("http://127.0.0.1:7000", "9001", "http://0.0.0.0:80", null)]
    [InlineData("http://127.0.0.1:7000", null, null, null)]
    public void Choose_Settings_PicksByPrecedence(string? commandLine, string? enginePort, string? hostSetting, string? expected)
    {
        ListenUrls.Choose(commandLine, enginePort, hostSetting).ShouldBe(expected);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("-1")]
    public void Choose_InvalidEnginePort_ThrowsStartupError(string enginePort)
    {
        Should.Throw<EngineStartupException>(() => ListenUrls.Choose(null, enginePort, null))
            .Message.ShouldContain(ListenUrls.EnginePortKey);
    }
}
