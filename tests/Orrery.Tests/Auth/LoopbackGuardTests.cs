using Orrery.Auth;

namespace Orrery.Tests.Auth;

public sealed class LoopbackGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7480", true)]
    [InlineData("http://127.8.9.10:80", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://10.0.0.5:5000", false)]
    [InlineData("http://example.com:5000", false)]
    [InlineData("garbage", false)]
    public void IsLoopback_Url_Expected(string url, bool loopback) => LoopbackGuard.IsLoopback(url).ShouldBe(loopback);

    [Fact]
    public void IsLoopbackOnly_OneExposedUrl_False() =>
        LoopbackGuard.IsLoopbackOnly(["http://127.0.0.1:1", "http://0.0.0.0:2"]).ShouldBeFalse();
}
