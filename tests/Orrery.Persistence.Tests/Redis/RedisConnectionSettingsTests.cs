using Orrery.Persistence.Redis;

namespace Orrery.Persistence.Tests.Redis;

public sealed class RedisConnectionSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1:6380", "127.0.0.1", 6380)]
    [InlineData("redis.internal", "redis.internal", 6379)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData(" localhost:1 ", "localhost", 1)]
    public void Parse_Endpoint_ReadsHostAndPort(string connectionString, string host, int port)
    {
        var settings = RedisConnectionSettings.Parse(connectionString);

        (settings.Host, settings.Port, settings.Password, settings.User).ShouldBe((host, port, null, null));
    }

    [Fact]
    public void Parse_Options_ReadsThemAndToStringHidesThePassword()
    {
        var settings = RedisConnectionSettings.Parse("10.0.0.5:6379, password=s3cr=t,user=orrery,connectTimeoutMs=250");

        settings.Password.ShouldBe("s3cr=t");
        settings.User.ShouldBe("orrery");
        settings.ConnectTimeout.ShouldBe(TimeSpan.FromMilliseconds(250));
        settings.ToString().ShouldBe("10.0.0.5:6379,password=*****");
        settings.ToString().ShouldNotContain("s3cr");
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData(":6379")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:port")]
    [InlineData("host:6379,connectTimeoutMs=-1")]
    [InlineData("host:6379,password=")]
    public void Parse_Malformed_ThrowsFormatException(string connectionString) =>
        Should.Throw<FormatException>(() => RedisConnectionSettings.Parse(connectionString));

    [Fact]
    public void Parse_UnknownOption_NamesItWithoutItsValue()
    {
        var error = Should.Throw<FormatException>(() => RedisConnectionSettings.Parse("host:6379,pasword=hunter2"));

        error.Message.ShouldContain("'pasword'");
        error.Message.ShouldNotContain("hunter2");
    }
}
